using System.Net;

namespace AspireObo.SystemTests.Infrastructure;

public static class FrontReplicaWarmUp
{
    /// <summary>
    /// One authenticated call through every FrontApi replica (and so DownstreamApi), as a user nobody else in the test
    /// uses: authority metadata, MSAL's application and connection pools are then loaded. A burst of cold first requests
    /// can starve a fresh process's thread pool while it fetches the authority's metadata; tests about steady load or
    /// OBO counts warm up first.
    /// </summary>
    public static async Task WarmUpFrontReplicasAsync(this RunningSystem system, DevUser user, CancellationToken cancellationToken)
    {
        foreach (var replica in system.CreateFrontReplicaClients(await system.Identity.GetUserTokenAsync(user, cancellationToken)))
        {
            using (replica)
            using (var response = await replica.GetAsync("/api/me", cancellationToken))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
    }
}
