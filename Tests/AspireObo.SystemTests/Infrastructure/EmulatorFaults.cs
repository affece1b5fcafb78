using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests.Infrastructure;

/// <summary>The emulator's development-only fault switch (<c>/_emulator/faults</c>) and token-request counters.</summary>
public static class EmulatorFaults
{
    /// <summary>Makes the token endpoint misbehave until <see cref="HealTokenEndpointAsync"/>; the returned handle heals it too.</summary>
    public static async Task<IAsyncDisposable> BreakTokenEndpointAsync(this EmulatorClient emulator, object fault, CancellationToken cancellationToken)
    {
        using var response = await emulator.Http.PutAsJsonAsync("_emulator/faults", fault, cancellationToken);
        response.EnsureSuccessStatusCode();
        return new Healer(emulator);
    }

    public static async Task HealTokenEndpointAsync(this EmulatorClient emulator, CancellationToken cancellationToken)
    {
        using var response = await emulator.Http.DeleteAsync("_emulator/faults", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every request that reached the token endpoint (answered, refused or faulted).</summary>
    public static async Task<long> GetTokenRequestCountAsync(this EmulatorClient emulator, CancellationToken cancellationToken)
    {
        var stats = await emulator.Http.GetFromJsonAsync<JsonElement>("_emulator/stats", cancellationToken);
        return stats.GetProperty("tokenRequests").GetInt64();
    }

    private sealed class Healer(EmulatorClient emulator) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await emulator.HealTokenEndpointAsync(CancellationToken.None);
    }
}
