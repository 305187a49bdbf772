using System.Security.Claims;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Security;
using Mediator;

namespace HeadlessCms.Api.Features.Webhooks;

public static class WebhooksEndpoints
{
    public static void MapWebhooks(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks");

        webhooks.MapGet("/", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListWebhooks(), ct)))
            .WithName("ListWebhooks")
            .WithSummary("List webhook subscriptions (never their secrets)")
            .RequireRole(Policies.Admin);

        webhooks.MapPost("/", async (ISender sender, ClaimsPrincipal user, CreateWebhook command, CancellationToken ct) =>
            {
                var created = await sender.Send(command with { Caller = Caller.From(user) }, ct);
                return TypedResults.Created($"/api/v1/webhooks/{created.Webhook.Id}", created);
            })
            .WithName("CreateWebhook")
            .WithSummary("Subscribe a URL to events; the signing secret is shown in this response only")
            .RequireRole(Policies.Admin)
            .AcceptsJson();

        webhooks.MapGet("/{id:guid}", async (ISender sender, Guid id, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetWebhook(id), ct)))
            .WithName("GetWebhook")
            .WithSummary("A webhook subscription")
            .RequireRole(Policies.Admin)
            .ProducesErrors(404);

        webhooks.MapPatch("/{id:guid}", async (ISender sender, ClaimsPrincipal user, Guid id, UpdateWebhook command, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(command with { Id = id, Caller = Caller.From(user) }, ct)))
            .WithName("UpdateWebhook")
            .WithSummary("Change a subscription's URL, events, description or enabled flag (fields left out stay as they are)")
            .RequireRole(Policies.Admin)
            .AcceptsJson()
            .ProducesErrors(404);

        webhooks.MapDelete("/{id:guid}", async (ISender sender, ClaimsPrincipal user, Guid id, CancellationToken ct) =>
            {
                await sender.Send(new DeleteWebhook(id, Caller.From(user)), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteWebhook")
            .WithSummary("Delete a subscription and its delivery log")
            .RequireRole(Policies.Admin)
            .ProducesErrors(404);

        webhooks.MapPost("/{id:guid}/rotate-secret", async (ISender sender, ClaimsPrincipal user, Guid id, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new RotateWebhookSecret(id, Caller.From(user)), ct)))
            .WithName("RotateWebhookSecret")
            .WithSummary("Issue a new signing secret; deliveries carry the old secret's signature too for Cms:Webhooks:RotationHours")
            .RequireRole(Policies.Admin)
            .ProducesErrors(404);

        webhooks.MapGet("/{id:guid}/deliveries", async (ISender sender, HttpContext http, Guid id, int? limit, string? cursor, CancellationToken ct) =>
                Paging.Ok(http, await sender.Send(new ListWebhookDeliveries(id, limit, cursor), ct)))
            .WithName("ListWebhookDeliveries")
            .WithSummary("The delivery log, newest first: each event with its attempts (time, status, duration, first 1 KB of the response, error)")
            .RequireRole(Policies.Admin)
            .ProducesErrors(400, 404);

        webhooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", async (ISender sender, ClaimsPrincipal user, Guid id, Guid deliveryId, CancellationToken ct) =>
                TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", await sender.Send(new RedeliverWebhook(id, deliveryId, Caller.From(user)), ct)))
            .WithName("RedeliverWebhook")
            .WithSummary("Send a logged delivery again (same body, same webhook-id)")
            .RequireRole(Policies.Admin)
            .ProducesErrors(404, 409);

        webhooks.MapPost("/{id:guid}/test", async (ISender sender, Guid id, CancellationToken ct) =>
                TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", await sender.Send(new PingWebhook(id), ct)))
            .WithName("PingWebhook")
            .WithSummary("Send a signed ping event; its outcome shows in the delivery log")
            .RequireRole(Policies.Admin)
            .ProducesErrors(404);
    }
}
