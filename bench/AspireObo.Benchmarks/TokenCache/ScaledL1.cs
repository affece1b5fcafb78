using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;

namespace AspireObo.Benchmarks.TokenCache;

/// <summary>
/// "L1 hit at 100,000 cached tokens": 100,000 real exchanges would take this machine's emulator most of an hour, so the
/// partitions beyond those cached by real exchanges are copies of a real one (same tokens, same size) under other
/// callers' keys: each copy's caller is the target's user token with one extra payload claim (a different token, so a
/// different partition key, base64url(SHA-256(token)) as MSAL computes it), its partition written to Redis encrypted
/// exactly as FrontApi writes it, then loaded into L1 by one real call through FrontApi's stack (an L2 hit). Then the
/// target's L1 hit is measured and the heap weighed, as for the 10,000 real ones.
/// </summary>
public static class ScaledL1
{
    private const string TokenCacheKeyPrefix = "AspireObo:FrontApi:TokenCache:";

    public static async Task<(TokenCacheProfile.HitProfile Hit, TokenCacheMemory.Figures Memory)> RunAsync(
        TokenCacheFixture fixture, string redisConnectionString, int partitions, TextWriter log, CancellationToken cancellationToken)
    {
        var stack = fixture.WithL1;
        var target = ((JsonWebToken)fixture.Target.Identities.First().BootstrapContext!).EncodedToken;
        var protector = stack.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("msal_cache");
        var redisCache = stack.Services.GetRequiredService<IDistributedCache>();
        var targetKey = PartitionKey(target);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisConnectionString);
        var stored = (byte[]?)await redis.GetDatabase().HashGetAsync(TokenCacheKeyPrefix + targetKey, "data")
            ?? throw new InvalidOperationException("The target's partition is not in Redis.");
        var plain = Encoding.UTF8.GetString(protector.Unprotect(stored));

        var started = DateTime.UtcNow;
        var copies = partitions - fixture.WithL1.L1.Count; // what L1 holds now (the memory measurement before emptied it)
        var entryOptions = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) };
        await Parallel.ForAsync(0, copies, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var caller = CopyOf(target, i);
            var key = PartitionKey(caller);
            var partition = Encoding.UTF8.GetBytes(plain.Replace(targetKey, key, StringComparison.Ordinal));
            await redisCache.SetAsync(key, protector.Protect(partition), entryOptions, token);
            stack.ActAs(TokenAcquisitionStack.CallerOf(caller));
            await stack.FrontApiTokens.CreateAuthorizationHeaderForUserAsync(TokenCacheFixture.Scopes, cancellationToken: token);
        });
        log.WriteLine($"Loaded {copies:N0} copied partitions into L1 through Redis in {(DateTime.UtcNow - started).TotalSeconds:0.0} s; {stack.L1.Count:N0} partitions in L1.");

        var adminOptions = ConfigurationOptions.Parse(redisConnectionString);
        adminOptions.AllowAdmin = true;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(adminOptions);
        var inL1 = stack.L1.Count;
        var hit = await TokenCacheProfile.MeasureFrontApiHitAsync($"{TokenCacheProfile.FrontApiL1Hit}, {inL1:N0} partitions in L1", stack, fixture.Target, admin.GetServer(admin.GetEndPoints()[0]), cancellationToken);
        log.WriteLine(hit);
        var memory = await TokenCacheMemory.MeasureAsync(fixture, redisConnectionString, inL1, cancellationToken);
        log.WriteLine(memory);
        return (hit, memory);
    }

    /// <summary>The target's token with one more payload claim: another caller as far as the cache key goes.</summary>
    private static string CopyOf(string token, int index)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["bench_copy"] = index;
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
    }

    /// <summary>MSAL's On-Behalf-Of partition key: base64url(SHA-256(the incoming token)).</summary>
    private static string PartitionKey(string token) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
