using System.ComponentModel.DataAnnotations;

namespace EntraEmulator.Faults;

/// <summary>
/// Emulator-only, for tests of how clients cope with an unwell identity platform: what the token endpoint does to
/// every request while the fault is set (<c>PUT /_emulator/faults</c>). Real Entra has no such switch.
/// </summary>
public sealed record TokenEndpointFault
{
    /// <summary>Answer with this status (429 or 5xx) and an Entra-shaped <c>temporarily_unavailable</c> error. Null: answer normally.</summary>
    [Range(429, 599)]
    public int? StatusCode { get; init; }

    /// <summary>Sent as <c>Retry-After</c> with <see cref="StatusCode"/>.</summary>
    [Range(0, 3600)]
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Wait this long before answering (a slow or hanging endpoint).</summary>
    [Range(0, 600_000)]
    public int DelayMilliseconds { get; init; }

    /// <summary>Only On-Behalf-Of requests whose assertion is this user's (oid). Null: every token request.</summary>
    public string? UserObjectId { get; init; }

    /// <summary>Heal by itself after this many seconds (a throttling episode). Null: until <c>DELETE</c>.</summary>
    [Range(1, 3600)]
    public int? DurationSeconds { get; init; }
}

