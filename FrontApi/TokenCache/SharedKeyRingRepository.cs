using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using StackExchange.Redis;

namespace FrontApi.TokenCache;

/// <summary>
/// Data Protection's key ring in Redis — a list of XML elements, exactly as <c>RedisXmlRepository</c> stores it — except
/// that replicas started together on an empty key ring agree on one first key.
/// <para>
/// Data Protection creates a key with immediate activation when it finds no usable key. Two replicas that read the ring
/// before either has stored its key each create one and each keeps using its own: after Data Protection's start-up window
/// (it re-reads the ring for an unknown key only in its first 2 minutes), every token-cache entry one replica writes is
/// unreadable on the other, a silent fresh exchange per user (docs/benchmarks.md, "Second replica"). So such a key is stored
/// only if the ring is still as this replica read it (compare-and-set, in one Redis script); when another replica's key
/// got there first, this one is dropped, and Data Protection — which reads the ring again right after creating a key — uses
/// the other. Keys made ahead of rotation (activation days later, Data Protection's propagation window) and revocations
/// are appended as usual: every replica reads them well before they take effect.
/// </para>
/// </summary>
public sealed partial class SharedKeyRingRepository(Func<IDatabase> database, RedisKey key, TimeProvider time, ILogger<SharedKeyRingRepository> logger) : IXmlRepository
{
    /// <summary>Data Protection's own allowance between servers' clocks when it picks the default key.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    // RPUSH only if the list still has the length this replica read; -1 otherwise.
    private const string AppendIfUnchanged =
        "if redis.call('LLEN', KEYS[1]) == tonumber(ARGV[1]) then return redis.call('RPUSH', KEYS[1], ARGV[2]) end return -1";

    private long _lengthRead = -1;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var values = database().ListRange(key);
        Volatile.Write(ref _lengthRead, values.Length);
        return [.. values.Select(value => XElement.Parse((string)value!))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        var xml = element.ToString(SaveOptions.DisableFormatting);
        if (!IsImmediatelyActiveKey(element))
        {
            database().ListRightPush(key, xml);
            return;
        }

        var expected = Volatile.Read(ref _lengthRead);
        if (expected < 0)
        {
            expected = database().ListLength(key);
        }

        while (true)
        {
            if ((long)database().ScriptEvaluate(AppendIfUnchanged, [key], [expected, xml]) >= 0)
            {
                LogKeyStored(friendlyName);
                return;
            }

            // Another replica wrote since: if it stored a key usable now, that one is the ring's first key.
            var current = database().ListRange(key);
            if (current.Skip((int)expected).Select(value => XElement.Parse((string)value!)).Any(IsUsableKey))
            {
                LogKeyDropped(friendlyName);
                return;
            }

            expected = current.Length;
        }
    }

    /// <summary>A key Data Protection made because it found none to use: active from its creation.</summary>
    private static bool IsImmediatelyActiveKey(XElement element) =>
        element.Name == "key" && Date(element, "activationDate") - Date(element, "creationDate") < ClockSkew;

    private bool IsUsableKey(XElement element)
    {
        var now = time.GetUtcNow();
        return element.Name == "key" && Date(element, "activationDate") <= now + ClockSkew && Date(element, "expirationDate") > now;
    }

    private static DateTimeOffset Date(XElement key, string name) =>
        DateTimeOffset.Parse((string?)key.Element(name) ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection: stored the key ring's first key {KeyName}")]
    private partial void LogKeyStored(string keyName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection: another replica stored the key ring's first key; key {KeyName} dropped, the shared one is used")]
    private partial void LogKeyDropped(string keyName);
}
