using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace EntraEmulator.Tests.Infrastructure;

/// <summary>
/// The emulator's log lines, as a developer reads them in the console: how the tests receive the development second
/// factor (the one-time code the emulator logs for a multi-factor sign-in).
/// </summary>
public sealed partial class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>The latest one-time code the emulator logged for <paramref name="userPrincipalName"/>.</summary>
    public string OneTimeCodeFor(string userPrincipalName) =>
        _lines.Reverse().Select(line => OneTimeCode().Match(line)).First(match => match.Success && match.Groups["upn"].Value == userPrincipalName)
            .Groups["code"].Value;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    [GeneratedRegex("Multi-factor sign-in for (?<upn>\\S+) \\(sign-in [0-9A-F]{4}\\): one-time code (?<code>[0-9]{6})")]
    private static partial Regex OneTimeCode();

    private sealed class Logger(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._lines.Enqueue(formatter(state, exception));
            }
        }
    }
}
