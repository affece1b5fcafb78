using System.Text;
using StackExchange.Redis;

namespace AspireObo.SystemTests.Security;

/// <summary>
/// Everything an attacker gets from a copy of Redis: every key with the raw bytes of every value (read through the
/// default user, as a backup would), and every file of the server's directory (append-only files, as a copied disk
/// or volume would), split into the bulk strings of the commands they log.
/// </summary>
public sealed class RedisCopy
{
    private RedisCopy(List<(string Key, List<byte[]> Values)> entries, List<byte[]> fileStrings)
    {
        Entries = entries;
        FileStrings = fileStrings;
    }

    public IReadOnlyList<(string Key, List<byte[]> Values)> Entries { get; }

    /// <summary>The files' contents: each RESP bulk string of the append-only logs, and each file whole.</summary>
    public IReadOnlyList<byte[]> FileStrings { get; }

    /// <summary>Every blob of the copy: keys, values, and what the files hold.</summary>
    public IEnumerable<byte[]> AllBlobs =>
        Entries.SelectMany(entry => entry.Values.Prepend(Encoding.UTF8.GetBytes(entry.Key))).Concat(FileStrings);

    public static async Task<RedisCopy> TakeAsync(string adminConnectionString, string dataDirectory)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(adminConnectionString);
        var entries = await ReadEverythingAsync(redis);
        // Redis write()s each command to its append-only file before replying: the files already hold all of the above.
        var fileStrings = new List<byte[]>();
        foreach (var path in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(path);
            fileStrings.Add(bytes);
            fileStrings.AddRange(BulkStrings(bytes));
        }

        return new RedisCopy(entries, fileStrings);
    }

    /// <summary>Every key (SCAN) with the raw bytes of every value it holds, whatever its Redis type.</summary>
    private static async Task<List<(string Key, List<byte[]> Values)>> ReadEverythingAsync(ConnectionMultiplexer redis)
    {
        var database = redis.GetDatabase();
        var result = new List<(string, List<byte[]>)>();
        foreach (var server in redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: "*", pageSize: 500))
            {
                var values = await database.KeyTypeAsync(key) switch
                {
                    RedisType.String => [await database.StringGetAsync(key)],
                    RedisType.Hash => (await database.HashGetAllAsync(key)).SelectMany(entry => new[] { entry.Name, entry.Value }).ToArray(),
                    RedisType.List => await database.ListRangeAsync(key),
                    RedisType.Set => await database.SetMembersAsync(key),
                    RedisType.SortedSet => await database.SortedSetRangeByRankAsync(key),
                    _ => Array.Empty<RedisValue>(),
                };
                result.Add((key.ToString(), values.Where(value => value.HasValue).Select(value => (byte[])value!).ToList()));
            }
        }

        return result;
    }

    /// <summary>The <c>$length\r\n bytes \r\n</c> strings of a RESP command log (an append-only file); none for other files.</summary>
    private static IEnumerable<byte[]> BulkStrings(byte[] log)
    {
        var position = 0;
        while (position < log.Length)
        {
            var lineEnd = log.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                yield break;
            }

            var line = Encoding.ASCII.GetString(log, position, lineEnd);
            position += lineEnd + 2;
            if (line.StartsWith('$') && int.TryParse(line.AsSpan(1), out var length) && length >= 0 && position + length <= log.Length)
            {
                yield return log[position..(position + length)];
                position += length + 2;
            }
            else if (!line.StartsWith('*'))
            {
                yield break; // not a command log (e.g. an RDB preamble)
            }
        }
    }
}
