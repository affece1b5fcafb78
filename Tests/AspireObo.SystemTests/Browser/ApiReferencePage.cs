using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AspireObo.SystemTests.Browser;

/// <summary>FrontApi's Scalar page as a person uses it: Authorize (sign-in popup on the emulator), then try an operation.</summary>
public sealed class ApiReferencePage(IPage page, Uri frontAddress)
{
    public const string Path = "/scalar/";

    public IPage Page { get; } = page;

    /// <param name="claims">A claims challenge to sign in with (<c>/scalar/?claims=</c>), after a Conditional Access 403.</param>
    public async Task OpenAsync(string? claims = null)
    {
        var query = claims is null ? "" : "?claims=" + Uri.EscapeDataString(claims);
        await Page.GotoAsync(new Uri(frontAddress, Path + query).ToString());
        await Expect(AuthorizeButton).ToBeVisibleAsync();
    }

    private ILocator AuthorizeButton => Page.GetByRole(AriaRole.Button, new() { Name = "Authorize", Exact = true }).First;

    /// <summary>Clicks Authorize and returns the emulator's sign-in popup.</summary>
    public async Task<SignInPopup> AuthorizeAsync()
    {
        var popup = await Page.RunAndWaitForPopupAsync(() => AuthorizeButton.ClickAsync());
        await popup.WaitForLoadStateAsync();
        return new SignInPopup(popup);
    }

    /// <summary>Opens the operation's "Test Request" client and sends it; returns FrontApi's response as the page received it.</summary>
    public async Task<IResponse> SendAsync(string operationSummaryStart, string requestPath)
    {
        await Page.GetByText(operationSummaryStart).First.ClickAsync();
        // The operation's own button: the innermost section holding its summary (the page lists every operation, and a
        // tag's section holds all of its operations' buttons).
        var operation = Page.Locator("section").Filter(new() { HasText = operationSummaryStart }).Last;
        await operation.GetByRole(AriaRole.Button, new() { Name = "Test Request" }).First.ClickAsync();
        // The request client offers to clear tokens only once the page holds one (the code redemption is asynchronous).
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Clear tokens" }).First).ToBeVisibleAsync();
        return await Page.RunAndWaitForResponseAsync(
            () => Page.GetByRole(AriaRole.Button, new() { Name = "Send" }).First.ClickAsync(),
            response => new Uri(response.Url).AbsolutePath == requestPath);
    }

    public async Task ScreenshotAsync(string path) => await Page.ScreenshotAsync(new() { Path = path });
}

/// <summary>The EntraEmulator's sign-in page in the popup.</summary>
public sealed class SignInPopup(IPage popup)
{
    public IPage Page { get; } = popup;

    public async Task SubmitAsync(string userName, string password)
    {
        await Page.GetByLabel("Email or user name").FillAsync(userName);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public ILocator Error => Page.GetByRole(AriaRole.Alert);

    /// <summary>The second step (multi-factor): the reference of this sign-in, which the emulator logs next to the code.</summary>
    public async Task<string> SecondFactorReferenceAsync()
    {
        var reference = Page.Locator("#sign-in-reference");
        await Expect(reference).ToBeVisibleAsync();
        return await reference.InnerTextAsync();
    }

    public async Task SubmitCodeAsync(string code)
    {
        await Page.GetByLabel("Code").FillAsync(code);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
    }

    /// <summary>Completes when the popup closes (the API page closes it once it has read the code).</summary>
    public Task ClosedAsync()
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Page.Close += (_, _) => closed.TrySetResult();
        return Page.IsClosed ? Task.CompletedTask : closed.Task.WaitAsync(TimeSpan.FromMinutes(1));
    }
}
