using System.Diagnostics;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using System.Globalization;
using System.Text.Json;
using AspireObo.Testing;
using StackExchange.Redis;

namespace AspireObo.Benchmarks.Soak;

/// <summary>
/// What the soak run watches, read from outside the processes: a FrontApi replica's working set (<c>/proc</c>) and
/// gen-2 heap (<c>dotnet-counters</c>, when installed), Redis's memory (<c>INFO memory</c>) and the emulator's count of
/// refresh tokens it holds (<c>/_emulator/stats</c>).
/// </summary>
public sealed record SoakSample(long? FrontWorkingSetBytes, long? FrontGen2HeapBytes, long RedisUsedMemoryBytes, long RedisKeys, int EmulatorRefreshTokens)
{
    public static async Task<SoakSample> TakeAsync(RunningSystem system, int frontServerPid, CancellationToken cancellationToken)
    {
        var connection = await system.App.GetConnectionStringAsync("cache", cancellationToken) ?? throw new InvalidOperationException("No cache connection string.");
        var options = ConfigurationOptions.Parse(connection);
        options.AllowAdmin = true;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var server = redis.GetServers().Single();
        var memory = (await server.InfoAsync("memory")).SelectMany(group => group).First(pair => pair.Key == "used_memory").Value;
        var keys = await server.DatabaseSizeAsync();
        var stats = await system.Identity.Http.GetFromJsonAsync<JsonElement>("_emulator/stats", cancellationToken);

        return new SoakSample(
            WorkingSet(frontServerPid),
            await Gen2HeapAsync(frontServerPid, cancellationToken),
            long.Parse(memory, CultureInfo.InvariantCulture),
            keys,
            stats.TryGetProperty("refreshTokens", out var count) ? count.GetInt32() : -1);
    }

    /// <summary>A global tool lives in ~/.dotnet/tools, which a fresh shell may not have on its PATH.</summary>
    private static string CountersTool =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-counters") is var installed && File.Exists(installed)
            ? installed
            : "dotnet-counters";

    private static long? WorkingSet(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The runtime's own figure (System.Runtime's <c>dotnet.gc.last_collection.heap.size</c>, gen2), over 3 s.</summary>
    private static async Task<long?> Gen2HeapAsync(int pid, CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetTempPath(), $"soak-counters-{pid}-{Guid.NewGuid():N}.json");
        try
        {
            using var counters = Process.Start(new ProcessStartInfo(CountersTool,
                ["collect", "--process-id", pid.ToString(CultureInfo.InvariantCulture), "--counters", "System.Runtime", "--format", "json", "--duration", "00:00:05", "--output", output])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            await counters.WaitForExitAsync(cancellationToken);
            if (!File.Exists(output))
            {
                return null;
            }

            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(output, cancellationToken));
            return document.RootElement.GetProperty("Events").EnumerateArray()
                .Where(e => e.GetProperty("name").GetString()?.StartsWith("dotnet.gc.last_collection.heap.size ", StringComparison.Ordinal) == true
                    && e.GetProperty("tags").GetString() == "gc.heap.generation=gen2")
                .Select(e => (long?)e.GetProperty("value").GetDouble())
                .LastOrDefault();
        }
        catch (global::System.ComponentModel.Win32Exception)
        {
            return null; // dotnet-counters is not installed: `dotnet tool install --global dotnet-counters`
        }
        finally
        {
            File.Delete(output);
        }
    }
}
