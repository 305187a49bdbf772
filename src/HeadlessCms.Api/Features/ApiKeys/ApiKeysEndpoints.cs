using System.Security.Claims;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Security;
using Mediator;

namespace HeadlessCms.Api.Features.ApiKeys;

public static class ApiKeysEndpoints
{
    public static void MapApiKeys(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/api-keys").WithTags("API keys");

        keys.MapGet("/", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListApiKeys(), ct)))
            .WithName("ListApiKeys")
            .WithSummary("List API keys (never their secrets)")
            .RequireRole(Policies.Admin);

        keys.MapPost("/", async (ISender sender, ClaimsPrincipal user, CreateApiKey command, CancellationToken ct) =>
            {
                var created = await sender.Send(command with { Caller = Caller.From(user) }, ct);
                return TypedResults.Created($"/api/v1/api-keys/{created.Id}", created);
            })
            .WithName("CreateApiKey")
            .WithSummary("Create an API key; its secret is shown in this response only")
            .RequireRole(Policies.Admin)
            .AcceptsJson();

        keys.MapGet("/{id:guid}/usage", async (ISender sender, Guid id, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetApiKeyUsage(id), ct)))
            .WithName("GetApiKeyUsage")
            .WithSummary("A key's requests per UTC day for the last 30 days (oldest first) and when it was last used")
            .WithDescription("Each instance counts in memory and adds its counts to the database every Cms:ApiKeys:UsageFlushInterval "
                + "(and before answering this): other instances' latest requests may show up one interval late.")
            .RequireRole(Policies.Admin)
            .ProducesErrors(404);

        keys.MapDelete("/{id:guid}", async (ISender sender, ClaimsPrincipal user, Guid id, CancellationToken ct) =>
            {
                await sender.Send(new DeleteApiKey(id, Caller.From(user)), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteApiKey")
            .WithSummary("Revoke an API key")
            .RequireRole(Policies.Admin)
            .ProducesErrors(404);
    }
}
