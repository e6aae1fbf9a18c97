using System;

namespace TcpFsmGen.Runtime;

/// <summary>What <see cref="EventLoop{TEvent}.Post"/> does when the loop already holds <see cref="EventLoopOptions.Capacity"/> events.</summary>
public enum EventLoopFullMode
{
    /// <summary>Wait for room: <c>PostAsync</c> and <c>FireAsync</c> wait asynchronously, <c>Post</c> blocks the calling thread.</summary>
    Wait,
    /// <summary>Drop the new event: <c>Post</c> returns false and <see cref="EventLoop{TEvent}.Dropped"/> counts it.</summary>
    Drop,
    /// <summary>Refuse the new event with an <see cref="EventLoopFullException"/>.</summary>
    Fail,
}

/// <summary>How an <see cref="EventLoop{TEvent}"/> behaves.</summary>
public sealed class EventLoopOptions
{
    /// <summary>The most events that may wait at once; null (the default) for no limit. Timer expiries do not count and are never refused.</summary>
    public int? Capacity { get; set; }

    /// <summary>What to do with an event posted while the loop is full. <see cref="EventLoopFullMode.Wait"/> by default.</summary>
    public EventLoopFullMode FullMode { get; set; } = EventLoopFullMode.Wait;

    /// <summary>
    /// Receives an exception thrown by a machine (by one of its actions or guards) while handling an event
    /// posted with <c>Post</c>, or a timer expiry, which have nobody to await them. Called on the loop's
    /// thread; an exception it throws itself is ignored. Null by default: such exceptions are only counted
    /// in <see cref="EventLoop{TEvent}.Faults"/>.
    /// </summary>
    public Action<Exception, object>? OnError { get; set; }
}

/// <summary>Thrown by <see cref="EventLoop{TEvent}.Post"/> when the loop is full and its mode is <see cref="EventLoopFullMode.Fail"/>.</summary>
public sealed class EventLoopFullException : InvalidOperationException
{
    /// <summary>Creates the exception for a loop of <paramref name="capacity"/> events.</summary>
    public EventLoopFullException(int capacity)
        : base($"The event loop is full ({capacity} events wait); the event was refused.")
    {
    }
}
