using System.Diagnostics;
using System.Net;

namespace AspireObo.SystemTests.Infrastructure;

public static class Recovery
{
    /// <summary>
    /// Polls <paramref name="path"/> until it answers 200 (returned; the caller disposes it), failing after
    /// <paramref name="within"/>. Meanwhile every answer must be a problem with one of <paramref name="transient"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> UntilOkAsync(HttpClient client, string path, TimeSpan within, params HttpStatusCode[] transient)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return response;
            }

            using (response)
            {
                ProblemAssert.IsProblem(response, transient);
                Assert.True(stopwatch.Elapsed < within, $"GET {path} still answers {(int)response.StatusCode} after {stopwatch.Elapsed}.");
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }
}
