using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace AspireObo.SystemTests.Security;

/// <summary>
/// What an attacker with a raw copy of Redis recovers after real traffic — every key and value, and the append-only
/// files on disk: the token-cache entries and FrontApi's Data Protection key ring are there, but no readable token,
/// and no key that decrypts anything (the key ring is encrypted with a certificate that is not in Redis).
/// </summary>
[Collection(SharedSystem.CollectionName)]
public sealed partial class CacheAtRestTests(SharedSystem shared)
{
    private const string TokenCacheKeyPrefix = "AspireObo:FrontApi:TokenCache:";

    private readonly RunningSystem _system = shared.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_copy_of_Redis_and_its_files_yields_no_token_and_no_usable_key()
    {
        var sent = await CallThroughTheChainAsync();

        var copy = await RedisCopy.TakeAsync(await AdminConnectionStringAsync(), _system.RedisDataDirectory);
        using var keyRing = new CopiedKeyRing(copy.AllBlobs);

        // The copy holds what this test is about: cached OBO tokens (encrypted) and the key ring.
        Assert.Contains(copy.Entries, entry => entry.Key.StartsWith(TokenCacheKeyPrefix, StringComparison.Ordinal));
        Assert.NotEmpty(keyRing.Keys);
        using (var keyRingInFiles = new CopiedKeyRing(copy.FileStrings))
        {
            Assert.NotEmpty(keyRingInFiles.Keys); // the append-only files alone hold it too
        }

        foreach (var blob in copy.AllBlobs)
        {
            AssertHoldsNoToken(blob, sent, "the copy");
            // A key that decrypts anything is a usable key, whatever it decrypts.
            var plain = keyRing.TryUnprotect(blob);
            if (plain is not null)
            {
                AssertHoldsNoToken(plain, sent, "a value decrypted with the copied key ring");
                Assert.Fail($"The key ring found in the copy decrypted a {blob.Length}-byte value: the keys are usable without FrontApi's certificate.");
            }
        }

        // No key element carries its secret in clear: each is encrypted to the certificate.
        foreach (var key in keyRing.Keys)
        {
            Assert.Contains(key.Descendants(), element => element.Name.LocalName == "encryptedSecret");
        }
    }

    /// <summary>Two users, each with an OBO exchange for both scopes, so the token cache and the key ring are written.</summary>
    private async Task<List<AccessToken>> CallThroughTheChainAsync()
    {
        var sent = new List<AccessToken>();
        foreach (var user in new[] { DevUser.Alice, DevUser.Bob })
        {
            var token = await _system.Identity.GetUserTokenAsync(user, Cancellation);
            sent.Add(token);
            using var client = _system.CreateFrontClient(token);
            using var me = await client.GetAsync("/api/me", Cancellation);                 // OBO for Todo.Read
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            using var created = await client.PostAsync("/api/todos",                     // OBO for Todo.ReadWrite
                new StringContent("""{"title":"at rest"}""", Encoding.UTF8, "application/json"), Cancellation);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        return sent;
    }

    private async Task<string> AdminConnectionStringAsync() =>
        await _system.App.GetConnectionStringAsync("cache", Cancellation) ?? throw new InvalidOperationException("No cache connection string.");

    private static void AssertHoldsNoToken(byte[] blob, IReadOnlyList<AccessToken> sent, string where)
    {
        var text = Encoding.Latin1.GetString(blob);
        Assert.False(JwtPattern().IsMatch(text), $"{where} holds a readable JWT.");
        foreach (var token in sent)
        {
            Assert.DoesNotContain(token.Value.Split('.')[2], text, StringComparison.Ordinal);
        }
    }

    /// <summary>Header and payload of a JWT: base64url of <c>{"</c> twice, separated by a dot.</summary>
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}")]
    private static partial Regex JwtPattern();
}
