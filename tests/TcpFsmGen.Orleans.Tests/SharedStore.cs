using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace TcpFsmGen.Orleans.Tests;

/// <summary>
/// What stands for a database in the tests: grain state and reminders that every silo of the in-process cluster shares
/// and that outlive a silo. Orleans' own in-memory storage and reminder table live in grains, whose data goes when the
/// silo that hosts them stops, so they cannot show what a stopped silo does to a machine.
/// </summary>
public static class SharedStore
{
    private static readonly object s_gate = new();
    private static readonly Dictionary<(string State, GrainId Grain), (byte[] Bytes, long Version)> s_states = new();
    private static readonly Dictionary<(GrainId Grain, string Name), ReminderEntry> s_reminders = new();
    private static long s_version;

    /// <summary>Forgets everything (each test's cluster starts empty).</summary>
    public static void Clear()
    {
        lock (s_gate)
        {
            s_states.Clear();
            s_reminders.Clear();
        }
    }

    /// <summary>The stored state of <paramref name="grain"/>, read without activating it; null when none.</summary>
    public static FsmGrainState? Read(Serializer serializer, string stateName, GrainId grain)
    {
        lock (s_gate)
        {
            return s_states.TryGetValue((stateName, grain), out var stored) ? serializer.Deserialize<FsmGrainState>(stored.Bytes) : null;
        }
    }

    /// <summary>How many reminders are registered.</summary>
    public static int ReminderCount
    {
        get
        {
            lock (s_gate) return s_reminders.Count;
        }
    }

    /// <summary>Grain storage on the shared store: a write whose ETag is not the stored one fails, as a database's would.</summary>
    public sealed class Storage(Serializer serializer) : IGrainStorage
    {
        /// <inheritdoc />
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            lock (s_gate)
            {
                if (s_states.TryGetValue((stateName, grainId), out var stored))
                {
                    grainState.State = serializer.Deserialize<T>(stored.Bytes);
                    grainState.ETag = stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    grainState.RecordExists = true;
                }
            }
            return Task.CompletedTask;
        }

        /// <inheritdoc />
        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            lock (s_gate)
            {
                Check(stateName, grainId, grainState.ETag);
                var version = ++s_version;
                s_states[(stateName, grainId)] = (serializer.SerializeToArray(grainState.State), version);
                grainState.ETag = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
                grainState.RecordExists = true;
            }
            return Task.CompletedTask;
        }

        /// <inheritdoc />
        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            lock (s_gate)
            {
                Check(stateName, grainId, grainState.ETag);
                s_states.Remove((stateName, grainId));
                grainState.ETag = null;
                grainState.RecordExists = false;
            }
            return Task.CompletedTask;
        }

        private static void Check(string stateName, GrainId grainId, string? etag)
        {
            var current = s_states.TryGetValue((stateName, grainId), out var stored)
                ? stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : null;
            if (current != etag) throw new InconsistentStateException($"{grainId} was written by another activation.", current ?? "none", etag ?? "none");
        }
    }

    /// <summary>A reminder table on the shared store.</summary>
    public sealed class Reminders : IReminderTable
    {
        /// <inheritdoc />
        public Task<ReminderTableData> ReadRows(GrainId grainId)
        {
            lock (s_gate) return Task.FromResult(new ReminderTableData(s_reminders.Values.Where(e => e.GrainId == grainId).Select(Copy).ToList()));
        }

        /// <inheritdoc />
        public Task<ReminderTableData> ReadRows(uint begin, uint end)
        {
            // A ring range (begin, end]; begin == end is the whole ring.
            static bool InRange(uint n, uint begin, uint end) => begin < end ? n > begin && n <= end : n > begin || n <= end;
            lock (s_gate)
            {
                return Task.FromResult(new ReminderTableData(s_reminders.Values.Where(e => InRange(e.GrainId.GetUniformHashCode(), begin, end)).Select(Copy).ToList()));
            }
        }

        /// <inheritdoc />
        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
        {
            lock (s_gate) return Task.FromResult(s_reminders.TryGetValue((grainId, reminderName), out var e) ? Copy(e) : null);
        }

        /// <inheritdoc />
        public Task<string?> UpsertRow(ReminderEntry entry)
        {
            lock (s_gate)
            {
                var stored = Copy(entry);
                stored.ETag = Interlocked.Increment(ref s_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
                s_reminders[(entry.GrainId, entry.ReminderName)] = stored;
                return Task.FromResult<string?>(stored.ETag);
            }
        }

        /// <inheritdoc />
        public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
        {
            lock (s_gate)
            {
                if (!s_reminders.TryGetValue((grainId, reminderName), out var e) || e.ETag != eTag) return Task.FromResult(false);
                s_reminders.Remove((grainId, reminderName));
                return Task.FromResult(true);
            }
        }

        /// <inheritdoc />
        public Task TestOnlyClearTable()
        {
            lock (s_gate) s_reminders.Clear();
            return Task.CompletedTask;
        }

        private static ReminderEntry Copy(ReminderEntry e) => new()
        {
            GrainId = e.GrainId,
            ReminderName = e.ReminderName,
            StartAt = e.StartAt,
            Period = e.Period,
            ETag = e.ETag,
        };
    }

    /// <summary>Configures the test cluster's client: calls time out as the silos' do.</summary>
    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        /// <inheritdoc />
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder)
            => clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TestTimeouts.Response);
    }

    /// <summary>Configures each silo of a test cluster: the shared store, reminders with a one-second minimum period.</summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        /// <inheritdoc />
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddReminders();
            // A call to a silo that stops fails after this long and is sent again (the default is 30 s).
            siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TestTimeouts.Response);
            siloBuilder.Configure<ReminderOptions>(o =>
            {
                o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
                o.RefreshReminderListPeriod = TimeSpan.FromSeconds(2);
            });
            siloBuilder.ConfigureServices(services =>
            {
                services.AddSingleton<IReminderTable, Reminders>();
                services.AddGrainStorage(MeterGrain.Storage, (sp, _) => new Storage(sp.GetRequiredService<Serializer>()));
            });
        }
    }
}

/// <summary>How long the tests' calls wait for an answer.</summary>
public static class TestTimeouts
{
    /// <summary>5 seconds: a call caught by a stopping silo is sent again after at most this long.</summary>
    public static TimeSpan Response { get; } = TimeSpan.FromSeconds(5);
}
