using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace TcpFsmGen.Runtime;

/// <summary>
/// The payloads of one type that wait with their events in a generated machine's run-to-completion queue or
/// deferred list, in the same order as those events. A double-ended ring buffer of <typeparamref name="T"/>: value
/// types are stored unboxed, and it allocates only when the first payload is queued and when it must grow. Used by
/// generated code; not meant to be called directly.
/// </summary>
/// <typeparam name="T">The payload type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct PayloadQueue<T>
{
    private T[]? _items;
    private int _head;
    private int _count;

    /// <summary>How many payloads wait.</summary>
    public readonly int Count => _count;

    /// <summary>Adds a payload after every waiting one.</summary>
    public void Enqueue(T payload)
    {
        if (_items is null) _items = new T[4];
        else if (_count == _items.Length) Grow();
        _items[(_head + _count) % _items.Length] = payload;
        _count++;
    }

    /// <summary>Adds a payload before every waiting one.</summary>
    public void PushFront(T payload)
    {
        if (_items is null) _items = new T[4];
        else if (_count == _items.Length) Grow();
        _head = (_head + _items.Length - 1) % _items.Length;
        _items[_head] = payload;
        _count++;
    }

    /// <summary>The payload <paramref name="index"/> places from the oldest, without taking it.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Count"/>.</exception>
    public readonly T PeekAt(int index)
    {
        if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
        return _items![(_head + index) % _items.Length];
    }

    /// <summary>Takes the oldest payload.</summary>
    /// <exception cref="InvalidOperationException">None waits.</exception>
    public T Dequeue()
    {
        if (_count == 0) throw new InvalidOperationException("No payload waits.");
        var payload = _items![_head];
        _items[_head] = default!;
        _head = (_head + 1) % _items.Length;
        _count--;
        return payload;
    }

    /// <summary>Takes the newest payload.</summary>
    /// <exception cref="InvalidOperationException">None waits.</exception>
    public T PopBack()
    {
        if (_count == 0) throw new InvalidOperationException("No payload waits.");
        _count--;
        var index = (_head + _count) % _items!.Length;
        var payload = _items[index];
        _items[index] = default!;
        return payload;
    }

    /// <summary>Drops every waiting payload (and lets the garbage collector have the objects they referenced).</summary>
    public void Clear()
    {
#if NET
        if (_count != 0 && RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(_items!, 0, _items!.Length);
#else
        if (_count != 0) Array.Clear(_items!, 0, _items!.Length);
#endif
        _head = 0;
        _count = 0;
    }

    private void Grow()
    {
        var larger = new T[_items!.Length * 2];
        for (var i = 0; i < _count; i++) larger[i] = _items[(_head + i) % _items.Length];
        _items = larger;
        _head = 0;
    }
}
