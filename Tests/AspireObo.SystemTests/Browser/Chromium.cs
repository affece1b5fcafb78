using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;

namespace AspireObo.SystemTests.Browser;

/// <summary>
/// A headless Chromium (the system's, <c>/usr/bin/chromium</c> or <c>CHROMIUM_PATH</c>) driven by Playwright. TLS
/// validation stays on: the emulator's self-signed certificate is accepted by its public key pin
/// (<c>--ignore-certificate-errors-spki-list</c>), which trusts exactly that key and nothing else.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync(string pinnedCertificatePath)
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Assert.True(File.Exists(executable), $"Chromium not found at {executable}: run scripts/ensure-prerequisites.sh --require-browser.");

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Timeout = 60_000,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    $"--ignore-certificate-errors-spki-list={SpkiPin(pinnedCertificatePath)}",
                ],
            });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>base64(SHA-256(SubjectPublicKeyInfo)): the form Chromium's SPKI allow-list takes.</summary>
    public static string SpkiPin(string certificatePath)
    {
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(certificatePath);
        return Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
