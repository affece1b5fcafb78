using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AspireObo.SystemTests.Browser;

/// <summary>
/// A test class that drives headless Chromium against a running system: launched before its tests (the emulator's
/// certificate pinned, see <see cref="Chromium"/>), closed after them.
/// </summary>
public abstract class BrowserTest : IAsyncLifetime
{
    private Chromium? _chromium;

    protected abstract RunningSystem System { get; }

    protected IBrowser Browser => (_chromium ?? throw new InvalidOperationException("Chromium is not launched yet.")).Browser;

    public async ValueTask InitializeAsync()
    {
        SetDefaultExpectTimeout(60_000);
        _chromium = await Chromium.LaunchAsync(System.EmulatorCertificatePath);
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
