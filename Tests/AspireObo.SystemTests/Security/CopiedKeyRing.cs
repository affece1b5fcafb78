using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace AspireObo.SystemTests.Security;

/// <summary>
/// The attacker's side: every Data Protection key element found in a copy of Redis, loaded into Data Protection with
/// FrontApi's application name and Identity.Web's purpose (both public in the source), ready to try on any blob.
/// Holds no certificate: whoever has only the copy has none either.
/// </summary>
public sealed partial class CopiedKeyRing : IDisposable
{
    private const string ApplicationName = "AspireObo.FrontApi";
    private const string TokenCachePurpose = "msal_cache"; // Microsoft.Identity.Web's MsalAbstractTokenCacheProvider

    private readonly ServiceProvider _services;
    private readonly IDataProtector _protector;

    public CopiedKeyRing(IEnumerable<byte[]> blobs)
    {
        Keys = blobs
            .SelectMany(blob => KeyElement().Matches(Encoding.UTF8.GetString(blob)).Select(match => match.Value))
            .Distinct()
            .Select(XElement.Parse)
            .ToList();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName(ApplicationName).DisableAutomaticKeyGeneration();
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = new Repository(Keys));
        _services = services.BuildServiceProvider();
        _protector = _services.GetDataProtector(TokenCachePurpose);
    }

    /// <summary>The <c>&lt;key&gt;</c> elements found.</summary>
    public IReadOnlyList<XElement> Keys { get; }

    /// <summary>What the blob decrypts to with the copied keys, or null when they cannot decrypt it.</summary>
    public byte[]? TryUnprotect(byte[] blob)
    {
        try
        {
            return _protector.Unprotect(blob);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public void Dispose() => _services.Dispose();

    [GeneratedRegex(@"<key id=""[^""]+"" version=""1"">.*?</key>", RegexOptions.Singleline)]
    private static partial Regex KeyElement();

    private sealed class Repository(IReadOnlyList<XElement> keys) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => keys;

        public void StoreElement(XElement element, string friendlyName) =>
            throw new InvalidOperationException("The attacker's copy is read-only.");
    }
}
