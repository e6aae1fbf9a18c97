using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace TcpFsmGen.Samples.Tcp.Wire;

/// <summary>
/// An existing Linux TUN device, opened through <c>/dev/net/tun</c> with <c>ioctl(TUNSETIFF)</c> and flags
/// <c>IFF_TUN | IFF_NO_PI</c>: each read returns one IPv4 packet the kernel routed to the device, and each write
/// hands one to the kernel as if it had arrived on it.
/// </summary>
/// <remarks>
/// Hand-written P/Invoke on libc, because .NET has no TUN API and the maintained TUN packages wrap helper binaries
/// or other platforms' drivers; it is five system calls.
/// </remarks>
public sealed class TunDevice : IPacketDevice
{
    private const int O_RDWR = 2;
    private const int O_CLOEXEC = 0x80000;
    private const ulong TUNSETIFF = 0x400454ca;
    private const short IFF_TUN = 0x0001;
    private const short IFF_NO_PI = 0x1000;
    private const short POLLIN = 1;
    private const int EINTR = 4;
    private const int EAGAIN = 11;
    private const int ENODEV = 19;
    private int _fd;

    private TunDevice(int fd, string name)
    {
        _fd = fd;
        Name = name;
    }

    /// <summary>The device's name.</summary>
    public string Name { get; }

    /// <summary>Opens the TUN device <paramref name="name"/>, which must exist (<c>ip tuntap add dev NAME mode tun</c>).</summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <exception cref="ArgumentException">The name is empty or longer than 15 bytes.</exception>
    /// <exception cref="Win32Exception">No device has the name, or the system refused (no /dev/net/tun, no permission, a device of another kind).</exception>
    public static TunDevice Open(string name)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("wire mode needs Linux: it opens a TUN device through /dev/net/tun");
        var bytes = Encoding.ASCII.GetBytes(name);
        if (bytes.Length == 0 || bytes.Length > 15) throw new ArgumentException($"'{name}' is not a network device name (1 to 15 characters)", nameof(name));
        // TUNSETIFF with a name nobody has would create a device: the device must exist already, in this namespace.
        if (if_nametoindex(name) == 0) throw new Win32Exception(ENODEV, $"there is no network device '{name}' here: create it first (ip tuntap add dev {name} mode tun)");
        var fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
        if (fd < 0) throw new Win32Exception(Marshal.GetLastPInvokeError(), $"cannot open /dev/net/tun: {Marshal.GetLastPInvokeErrorMessage()}");
        // struct ifreq: char ifr_name[16]; short ifr_flags; then padding to 40 bytes.
        var ifreq = new byte[40];
        bytes.CopyTo(ifreq, 0);
        BitConverter.TryWriteBytes(ifreq.AsSpan(16), (short)(IFF_TUN | IFF_NO_PI));
        if (ioctl(fd, (nuint)TUNSETIFF, ifreq) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var message = Marshal.GetLastPInvokeErrorMessage();
            close(fd);
            throw new Win32Exception(errno, $"cannot attach to TUN device '{name}' (create it first: ip tuntap add dev {name} mode tun): {message}");
        }
        return new TunDevice(fd, name);
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> for a packet and reads it into <paramref name="buffer"/>; returns its
    /// length, or 0 when none came in time.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The device was closed.</exception>
    /// <exception cref="Win32Exception">The read failed.</exception>
    public int Read(byte[] buffer, int timeoutMs)
    {
        var fd = _fd;
        ObjectDisposedException.ThrowIf(fd < 0, this);
        var poll = new PollFd { Fd = fd, Events = POLLIN };
        var ready = Poll(ref poll, 1, timeoutMs);
        if (ready < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR) return 0;
            throw new Win32Exception(errno);
        }
        if (ready == 0 || (poll.Revents & POLLIN) == 0) return 0;
        var n = read(fd, buffer, (nint)buffer.Length);
        if (n < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is EINTR or EAGAIN) return 0;
            throw new Win32Exception(errno);
        }
        return (int)n;
    }

    /// <summary>Writes one packet; false when the kernel refused it (the device is down, say).</summary>
    public bool Write(byte[] packet, int length)
    {
        var fd = _fd;
        if (fd < 0) return false;
        return write(fd, packet, (nint)length) == length;
    }

    /// <summary>Closes the device.</summary>
    public void Dispose()
    {
        var fd = System.Threading.Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) close(fd);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int fd, nuint request, byte[] argument);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern uint if_nametoindex([MarshalAs(UnmanagedType.LPStr)] string name);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int Poll(ref PollFd fds, nuint count, int timeoutMs);
}
