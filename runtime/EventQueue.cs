using System;
using System.ComponentModel;

namespace TcpFsmGen.Runtime;

/// <summary>
/// The run-to-completion queue of a generated machine: events fired while a transition is in progress
/// wait here. A first-in, first-out ring buffer that allocates only when the first event is queued and
/// when it must grow. Used by generated code; not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct EventQueue
{
    private Entry[]? _items;
    private int _head;
    private int _count;

    /// <summary>How many items wait.</summary>
    public readonly int Count => _count;

    /// <summary>Adds an item: an event number (zero or more), or a timer as <c>~slot</c> with the arming's generation.</summary>
    public void Enqueue(int code, int generation = 0)
    {
        if (_items is null) _items = new Entry[8];
        else if (_count == _items.Length) Grow();
        _items[(_head + _count) % _items.Length] = new Entry(code, generation);
        _count++;
    }

    /// <summary>Adds an item before every waiting one: a deferred event recalled (see the language reference, deferral).</summary>
    public void PushFront(int code, int generation = 0)
    {
        if (_items is null) _items = new Entry[8];
        else if (_count == _items.Length) Grow();
        _head = (_head + _items.Length - 1) % _items.Length;
        _items[_head] = new Entry(code, generation);
        _count++;
    }

    /// <summary>The event number or timer code of the item <paramref name="index"/> places from the oldest, without taking it.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Count"/>.</exception>
    public readonly int PeekAt(int index)
    {
        if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
        return _items![(_head + index) % _items.Length].Code;
    }

    /// <summary>Takes the newest item, if any.</summary>
    public bool TryPopBack(out int code, out int generation)
    {
        if (_count == 0)
        {
            code = 0;
            generation = 0;
            return false;
        }
        _count--;
        var entry = _items![(_head + _count) % _items.Length];
        code = entry.Code;
        generation = entry.Generation;
        return true;
    }

    /// <summary>Takes the oldest item, if any.</summary>
    public bool TryDequeue(out int code, out int generation)
    {
        if (_count == 0)
        {
            code = 0;
            generation = 0;
            return false;
        }
        var entry = _items![_head];
        _head = (_head + 1) % _items.Length;
        _count--;
        code = entry.Code;
        generation = entry.Generation;
        return true;
    }

    /// <summary>Drops every waiting item.</summary>
    public void Clear()
    {
        _head = 0;
        _count = 0;
    }

    private void Grow()
    {
        var larger = new Entry[_items!.Length * 2];
        for (var i = 0; i < _count; i++) larger[i] = _items[(_head + i) % _items.Length];
        _items = larger;
        _head = 0;
    }

    private readonly struct Entry
    {
        public Entry(int code, int generation)
        {
            Code = code;
            Generation = generation;
        }

        public int Code { get; }

        public int Generation { get; }
    }
}
