using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using StreamJsonRpc.Reflection;

namespace TcpFsmGen.Cli.Lsp;

/// <summary>
/// The LSP's base protocol: <c>Content-Length</c> headers, then that many bytes of JSON. StreamJsonRpc's own
/// <see cref="HeaderDelimitedMessageHandler"/> ends the connection on a malformed header or body; a language
/// server must answer it with a JSON-RPC error and go on, so the framing is read here and everything else
/// (dispatch, cancellation, responses) stays StreamJsonRpc's.
/// </summary>
internal sealed class LspMessageHandler : MessageHandlerBase, IJsonRpcMessageBufferManager
{
    /// <summary>A message larger than this is refused (its bytes are skipped): 256 MB.</summary>
    public const int MaxContentLength = 256 << 20;

    private static readonly byte[] s_contentLength = Encoding.ASCII.GetBytes("content-length");

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public LspMessageHandler(Stream input, Stream output, IJsonRpcMessageFormatter formatter)
        : base(formatter)
    {
        _input = input;
        _output = output;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = await ReadHeadersAsync(cancellationToken).ConfigureAwait(false);
            if (length is null) return null;
            if (length < 0)
            {
                await SendErrorAsync(RequestId.Null, JsonRpcErrorCode.ParseError,
                    "Parse error: the message has no valid Content-Length header", cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (length > MaxContentLength)
            {
                if (!await SkipAsync(length.Value, cancellationToken).ConfigureAwait(false)) return null;
                await SendErrorAsync(RequestId.Null, JsonRpcErrorCode.InvalidRequest,
                    $"Invalid request: a message of {length} bytes is larger than the limit of {MaxContentLength} bytes", cancellationToken).ConfigureAwait(false);
                continue;
            }

            var content = await ReadContentAsync(length.Value, cancellationToken).ConfigureAwait(false);
            if (content is null) return null;
            try
            {
                return Formatter.Deserialize(new ReadOnlySequence<byte>(content));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var (id, isJson) = Inspect(content);
                await SendErrorAsync(id, isJson ? JsonRpcErrorCode.InvalidRequest : JsonRpcErrorCode.ParseError,
                    (isJson ? "Invalid request: " : "Parse error: ") + e.Message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override ValueTask WriteCoreAsync(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>();
        Formatter.Serialize(body, content);
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.WrittenCount}\r\n\r\n"));
        var frame = new byte[header.Length + body.WrittenCount];
        header.CopyTo(frame, 0);
        body.WrittenSpan.CopyTo(frame.AsSpan(header.Length));
        return _output.WriteAsync(frame, cancellationToken);
    }

    protected override ValueTask FlushAsync(CancellationToken cancellationToken) => new(_output.FlushAsync(cancellationToken));

    /// <summary>Closing the connection closes both streams, so the other end sees it end.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
            _output.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>StreamJsonRpc is done with a message's arguments: the formatter may release what it kept of them.</summary>
    void IJsonRpcMessageBufferManager.DeserializationComplete(JsonRpcMessage message)
    {
        if (message is IJsonRpcMessageBufferManager buffers) buffers.DeserializationComplete(message);
    }

    /// <summary>The headers of the next message: its length, -1 when none is valid, null at the end of input.</summary>
    private async ValueTask<int?> ReadHeadersAsync(CancellationToken cancellationToken)
    {
        int? length = null;
        var valid = true;
        var any = false;
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null) return null;
            if (line.Length == 0)
            {
                // Blank lines between messages are tolerated; a blank line after headers ends them.
                if (!any) continue;
                return valid && length is not null ? length : -1;
            }
            any = true;
            // A header may follow the remains of a broken message on its line: look for the name anywhere.
            var at = IndexOfIgnoringCase(line, s_contentLength);
            if (at < 0) continue;
            var colon = Array.IndexOf(line, (byte)':', at);
            if (colon < 0 || !int.TryParse(Encoding.ASCII.GetString(line, colon + 1, line.Length - colon - 1).Trim(),
                    NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                valid = false;
                continue;
            }
            length = value;
        }
    }

    /// <summary>One header line without its line break (<c>\r\n</c>, or a lone <c>\n</c>); null at the end of input.</summary>
    private async ValueTask<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new ArrayBufferWriter<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false)) return line.WrittenCount > 0 ? line.WrittenSpan.ToArray() : null;
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            if (line.WrittenCount + stop - _start > 64 * 1024)
            {
                // Not a header: keep only its end, where a real header may begin.
                line = new ArrayBufferWriter<byte>();
            }
            line.Write(_buffer.AsSpan(_start, stop - _start));
            if (newline < 0)
            {
                _start = _end;
                continue;
            }
            _start = newline + 1;
            var bytes = line.WrittenSpan;
            if (bytes.Length > 0 && bytes[bytes.Length - 1] == '\r') bytes = bytes.Slice(0, bytes.Length - 1);
            return bytes.ToArray();
        }
    }

    private async ValueTask<byte[]?> ReadContentAsync(int length, CancellationToken cancellationToken)
    {
        var content = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false)) return null;
            var n = Math.Min(length - filled, _end - _start);
            Array.Copy(_buffer, _start, content, filled, n);
            _start += n;
            filled += n;
        }
        return content;
    }

    private async ValueTask<bool> SkipAsync(long length, CancellationToken cancellationToken)
    {
        while (length > 0)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false)) return false;
            var n = (int)Math.Min(length, _end - _start);
            _start += n;
            length -= n;
        }
        return true;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _input.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }

    private ValueTask SendErrorAsync(RequestId id, JsonRpcErrorCode code, string message, CancellationToken cancellationToken)
        => WriteAsync(new JsonRpcError
        {
            RequestId = id,
            Error = new JsonRpcError.ErrorDetail { Code = code, Message = message },
        }, cancellationToken);

    /// <summary>Whether the content is JSON at all, and the request's id if it has a usable one.</summary>
    private static (RequestId Id, bool IsJson) Inspect(byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id))
            {
                if (id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var number)) return (new RequestId(number), true);
                if (id.ValueKind == JsonValueKind.String) return (new RequestId(id.GetString()), true);
            }
            return (RequestId.Null, true);
        }
        catch (JsonException)
        {
            return (RequestId.Null, false);
        }
    }

    private static int IndexOfIgnoringCase(byte[] line, byte[] lowerAscii)
    {
        for (var i = 0; i + lowerAscii.Length <= line.Length; i++)
        {
            var match = true;
            for (var j = 0; j < lowerAscii.Length && match; j++)
            {
                var b = line[i + j];
                if (b >= 'A' && b <= 'Z') b = (byte)(b + 32);
                match = b == lowerAscii[j];
            }
            if (match) return i;
        }
        return -1;
    }
}
