package dev.socksify.chain.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The name ↔ address map of one fake range. Hits (the common case: every connect, every repeated lookup) read two
 * concurrent maps and set a flag, without a lock; only handing out a new address takes the lock.
 *
 * <p>Eviction is CLOCK (second chance), the usual lock-friendly approximation of least-recently-used: a lookup or a
 * reverse lookup marks an entry used; when the table holds {@code capacity} names, a hand sweeps the entries in
 * allocation order, clearing marks, and evicts the first unmarked one. The sweep visits each entry at most twice.
 *
 * <p>Addresses come from a cursor that walks the whole range and skips addresses still in use, so an evicted address
 * rests until the cursor comes round again — at least {@code usable - capacity} new names later — before another name
 * gets it. That keeps an address an application cached for a forgotten name from silently reaching a new name for as
 * long as the range allows; when the cap equals the range there is no rest.
 */
final class FakeNameTable {
  private final FakeRange range;
  private final int capacity;
  private final ConcurrentHashMap<String, Entry> byName = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Entry> byIndex = new ConcurrentHashMap<>();
  private final Object allocation = new Object();
  // guarded by allocation
  private final List<Entry> clock = new ArrayList<>();
  private int hand;
  private long cursor = -1;
  private long evictions;

  FakeNameTable(FakeRange range, int capacity) {
    this.range = range;
    this.capacity = (int) Math.min(capacity, range.usable());
  }

  private static final class Entry {
    final String name;
    final InetAddress address;
    final long index;
    volatile boolean used;

    Entry(String name, InetAddress address, long index) {
      this.name = name;
      this.address = address;
      this.index = index;
    }

    void touch() {
      // read first: a plain read keeps the cache line shared when the flag is already set
      if (!used) {
        used = true;
      }
    }
  }

  FakeRange range() {
    return range;
  }

  int capacity() {
    return capacity;
  }

  /** The address of {@code name} (already normalised), handing out a new one if the name is not remembered. */
  InetAddress addressFor(String name) {
    Entry e = byName.get(name);
    if (e != null) {
      e.touch();
      // the sweep may have evicted it between get and touch; marked and still mapped, it is safe to hand out
      if (byName.get(name) == e) {
        return e.address;
      }
    }
    synchronized (allocation) {
      e = byName.get(name);
      if (e == null) {
        e = allocate(name);
      }
      e.touch();
      return e.address;
    }
  }

  /** The name {@code address} stands for, if it is a usable address of this range that maps to a name now. */
  Optional<String> nameOf(InetAddress address) {
    long index = range.indexOf(address);
    Entry e = index < 0 ? null : byIndex.get(index);
    if (e == null) {
      return Optional.empty();
    }
    e.touch();
    return Optional.of(e.name);
  }

  int size() {
    return byName.size();
  }

  long evictions() {
    synchronized (allocation) {
      return evictions;
    }
  }

  private Entry allocate(String name) {
    int slot = clock.size() < capacity ? -1 : evict();
    long index = nextFreeIndex();
    Entry e = new Entry(name, withName(name, range.addressAt(index)), index);
    byIndex.put(index, e);
    byName.put(name, e);
    if (slot < 0) {
      clock.add(e);
    } else {
      clock.set(slot, e);
    }
    return e;
  }

  private int evict() {
    for (int step = 0; step <= 2 * capacity; step++) {
      int slot = hand;
      hand = (hand + 1) % capacity;
      Entry e = clock.get(slot);
      if (e.used) {
        e.used = false;
      } else {
        byName.remove(e.name);
        byIndex.remove(e.index);
        evictions++;
        return slot;
      }
    }
    throw new AssertionError("CLOCK sweep found no entry to evict after two rounds");
  }

  private long nextFreeIndex() {
    long usable = range.usable();
    // at most capacity addresses are in use and one was just freed or never taken, so this ends within capacity + 1
    for (long step = 0; step <= capacity; step++) {
      cursor = (cursor + 1) % usable;
      if (!byIndex.containsKey(cursor)) {
        return cursor;
      }
    }
    throw new AssertionError("no free address in " + range + " with " + byIndex.size() + " in use");
  }

  private static InetAddress withName(String name, InetAddress address) {
    try {
      // carries the name, so getHostName() answers it without a reverse lookup
      return InetAddress.getByAddress(name, address.getAddress());
    } catch (UnknownHostException impossible) {
      throw new AssertionError(impossible);
    }
  }
}
