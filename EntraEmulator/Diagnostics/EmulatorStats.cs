using System.Collections.Concurrent;
using System.Text.Json.Serialization;

namespace EntraEmulator.Diagnostics;

/// <summary>
/// Counters tests read through <c>/_emulator/stats</c> to prove what reached the token endpoint
/// (e.g. that a cached OBO token caused no second exchange). Thread-safe; successes and failures counted apart.
/// </summary>
public sealed class EmulatorStats
{
    /// <summary>
    /// How many incoming assertions <c>onBehalfOf.byAssertion</c> remembers (the most recent ones): tests read the count
    /// of a token they just used, while a load run sends a new one with every exchange.
    /// </summary>
    public const int MaxTrackedAssertions = 10_000;

    public static readonly string[] GrantNames = ["password", "client_credentials", "refresh_token", "on_behalf_of", "authorization_code"];

    private readonly ConcurrentDictionary<string, long> _issued = new(GrantNames.Select(name => KeyValuePair.Create(name, 0L)));
    private readonly ConcurrentDictionary<string, long> _oboByUser = new();
    private readonly BoundedCounters _oboByAssertion = new(MaxTrackedAssertions);
    private readonly ConcurrentDictionary<string, long> _errors = new();
    private readonly ConcurrentDictionary<string, long> _errorCodes = new();
    private readonly ConcurrentDictionary<string, long> _signIns = new(new[] { "succeeded", "failed" }.Select(name => KeyValuePair.Create(name, 0L)));
    private long _tokenRequests;

    /// <summary>Every request that reached the token endpoint, answered or failed (also by an injected fault).</summary>
    public void TokenRequested() => Interlocked.Increment(ref _tokenRequests);

    public void TokenIssued(string grantName) => Increment(_issued, grantName);

    /// <summary>
    /// Keyed by the user's oid (users are the directory's, a bounded set) and by the incoming assertion's <c>uti</c>
    /// (never the assertion itself; the latest <see cref="MaxTrackedAssertions"/> only).
    /// </summary>
    public void OnBehalfOfIssued(string userObjectId, string assertionUti)
    {
        Increment(_oboByUser, userObjectId);
        _oboByAssertion.Increment(assertionUti);
    }

    /// <summary>Interactive sign-ins on the authorization page (a success issues one authorization code).</summary>
    public void SignIn(bool succeeded) => Increment(_signIns, succeeded ? "succeeded" : "failed");

    public void Failed(string error, int code)
    {
        Increment(_errors, error);
        Increment(_errorCodes, $"AADSTS{code}");
    }

    public Snapshot GetSnapshot() => new(
        Copy(_issued),
        new OnBehalfOfSnapshot(Copy(_oboByUser), _oboByAssertion.Snapshot()),
        Copy(_errors),
        Copy(_errorCodes),
        Copy(_signIns),
        Interlocked.Read(ref _tokenRequests));

    private static void Increment(ConcurrentDictionary<string, long> counters, string key) =>
        counters.AddOrUpdate(key, 1, (_, value) => value + 1);

    private static SortedDictionary<string, long> Copy(ConcurrentDictionary<string, long> counters) =>
        new(counters.ToDictionary(), StringComparer.Ordinal);

    public sealed record Snapshot(
        [property: JsonPropertyName("tokensIssued")] IReadOnlyDictionary<string, long> TokensIssued,
        [property: JsonPropertyName("onBehalfOf")] OnBehalfOfSnapshot OnBehalfOf,
        [property: JsonPropertyName("errors")] IReadOnlyDictionary<string, long> Errors,
        [property: JsonPropertyName("errorCodes")] IReadOnlyDictionary<string, long> ErrorCodes,
        [property: JsonPropertyName("signIns")] IReadOnlyDictionary<string, long> SignIns,
        [property: JsonPropertyName("tokenRequests")] long TokenRequests)
    {
        /// <summary>Refresh tokens the emulator holds now (bounded by <c>EntraEmulator:MaxRefreshTokens</c>): the soak run watches it stay flat.</summary>
        [JsonPropertyName("refreshTokens")]
        public int RefreshTokens { get; init; }
    }

    public sealed record OnBehalfOfSnapshot(
        [property: JsonPropertyName("byUser")] IReadOnlyDictionary<string, long> ByUser,
        [property: JsonPropertyName("byAssertion")] IReadOnlyDictionary<string, long> ByAssertion);
}
