using System.Text.Json;
using FrontApi.TokenCache;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace FrontApi.Tests.Jobs;

/// <summary>
/// A job's long-running session lives in the token cache's L2 (Redis). On a replica without the session in memory, a
/// Redis that refuses the read, or an entry this replica cannot decrypt, says nothing about the session: the round is
/// retried, and the job goes on once the cache answers — never "sign in again" (which MSAL's "not in the cache" would
/// have meant). Real Identity.Web and MSAL against a stand-in token endpoint; a real Redis refusing commands.
/// </summary>
public sealed class SessionCacheFaultTests(JobsRedis redis) : JobsTestClass(redis)
{
    public enum Fault
    {
        /// <summary>Redis refuses FrontApi's token-cache keys (NOPERM, a RedisServerException): any Redis error.</summary>
        RedisRefusesTheRead,

        /// <summary>The entry is there but cannot be decrypted here (written with another key ring).</summary>
        EntryCannotBeDecrypted,
    }

    [Theory]
    [InlineData(Fault.RedisRefusesTheRead)]
    [InlineData(Fault.EntryCannotBeDecrypted)]
    public async Task A_session_the_cache_cannot_give_now_is_retried_not_signed_out_and_the_job_succeeds_afterwards(Fault fault)
    {
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: true);
        await host.WaitUntilReadyAsync();
        using var caller = host.ClientWith(host.UserTokens.For("sessions-" + Guid.NewGuid().ToString("N")[..8]));
        var jobId = await DigestJobsClient.StartAsync(caller, rounds: 2, intervalSeconds: 1);
        await DigestJobsClient.WaitForAsync(caller, jobId, view => view.GetProperty("digests").GetArrayLength() == 1);

        // The next round runs as on a replica that never had the session in memory.
        var sessionEntry = JobsRedis.TokenCachePrefix + (await Redis.RecordAsync(jobId)).GetProperty("sessionKey").GetString();
        var stored = await Redis.Database.HashGetAsync(sessionEntry, "data");
        Assert.False(stored.IsNullOrEmpty, "The session is not in Redis.");
        if (fault == Fault.RedisRefusesTheRead)
        {
            await Redis.RestrictKeysAsync($"~{JobsRedis.JobsPrefix}*", "~AspireObo:FrontApi:DataProtection-Keys");
        }
        else
        {
            await Redis.Database.HashSetAsync(sessionEntry, "data", new EphemeralDataProtectionProvider().CreateProtector("msal_cache").Protect([1, 2, 3]));
        }

        host.Services.GetRequiredService<ResidentPartitionTokenCache>().ClearL1();

        // Retried (waiting, the job says why and until when), not ended.
        var waiting = await DigestJobsClient.WaitForAsync(caller, jobId, view => view.GetProperty("detail").ValueKind == JsonValueKind.String);
        Assert.Equal("Running", waiting.Status());
        Assert.Equal(1, waiting.GetProperty("digests").GetArrayLength());
        Assert.Equal(JsonValueKind.String, waiting.GetProperty("roundDeadline").ValueKind);

        // The cache answers again: the session was there all along.
        if (fault == Fault.RedisRefusesTheRead)
        {
            await Redis.AllowAllKeysAsync();
        }
        else
        {
            await Redis.Database.HashSetAsync(sessionEntry, "data", stored);
        }

        var done = await DigestJobsClient.WaitForAsync(caller, jobId, view => view.Status() != "Running");
        Assert.Equal("Succeeded", done.Status());
        Assert.Equal(2, done.GetProperty("digests").GetArrayLength());
        // One On-Behalf-Of exchange, the job's start: the rounds took the session's tokens, never a new exchange.
        Assert.Equal(1, host.Authority.TokenRequests.Count(form => form.GetValueOrDefault("grant_type") == Infrastructure.TestAuthority.OnBehalfOfGrant));
    }

    [Fact]
    public async Task A_session_truly_gone_from_the_cache_asks_the_user_to_sign_in_again()
    {
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: true);
        await host.WaitUntilReadyAsync();
        using var caller = host.ClientWith(host.UserTokens.For("gone-" + Guid.NewGuid().ToString("N")[..8]));
        var jobId = await DigestJobsClient.StartAsync(caller, rounds: 2, intervalSeconds: 3);
        await DigestJobsClient.WaitForAsync(caller, jobId, view => view.GetProperty("digests").GetArrayLength() == 1);

        // Gone from both levels (as after its expiry): MSAL's "not in the cache", and Redis agrees.
        var sessionEntry = JobsRedis.TokenCachePrefix + (await Redis.RecordAsync(jobId)).GetProperty("sessionKey").GetString();
        Assert.True(await Redis.Database.KeyDeleteAsync(sessionEntry), "The session was not in Redis.");
        host.Services.GetRequiredService<ResidentPartitionTokenCache>().ClearL1();

        var done = await DigestJobsClient.WaitForAsync(caller, jobId, view => view.Status() != "Running");
        Assert.Equal("SignInRequired", done.Status());
        Assert.Equal("obo_cache_key_not_in_cache_error", done.GetProperty("error").GetString());
        Assert.Equal(1, done.GetProperty("digests").GetArrayLength());
    }
}
