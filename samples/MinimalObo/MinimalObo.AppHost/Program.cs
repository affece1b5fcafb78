var builder = DistributedApplication.CreateBuilder(args);

// Entra ID: the local EntraEmulator in run mode, a real tenant when its parameters are set (and always when publishing).
var identity = builder.AddEntraId("identity")
    .RunAsEmulator(emulator => emulator.WithUser("ada", password: "ada-dev-password", displayName: "Ada Lovelace"));

var greetingApp = identity.AddApplication("GreetingApi").WithScope("Greeting.Read");
var helloApp = identity.AddApplication("HelloApi")
    .WithScope("access_as_user")
    .WithApiPermissions(greetingApp, "Greeting.Read") // HelloApi calls GreetingApi On-Behalf-Of the user
    .WithClientSecret();
var cli = identity.AddApplication("Cli").AsPublicClient().WithApiPermissions(helloApp, "access_as_user");

var greeting = builder.AddProject<Projects.GreetingApi>("greeting")
    .WithReference(identity, greetingApp);

builder.AddProject<Projects.HelloApi>("hello")
    .WithReference(identity, helloApp)
    .WithReference(greeting)
    .WithDevelopmentUserTokenCommand(identity, cli, helloApp.Resource.GetScopeUri("access_as_user"), ["/hello"]);

builder.Build().Run();
