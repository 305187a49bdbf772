using System.Security.Claims;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Features.Comments;
using Mediator;

namespace HeadlessCms.Api.Features.Newsletter;

public static class NewsletterEndpoints
{
    private const string TokenSources =
        "The token is the one in the email's link: send it in the query string (?token=, as the link and RFC 8058 one-click " +
        "unsubscribe do), as a form field 'token', or as JSON {\"token\": \"...\"}.";

    public static void MapNewsletter(this RouteGroupBuilder api)
    {
        var newsletter = api.MapGroup("/newsletter").WithTags("Newsletter");

        newsletter.MapPost("/subscriptions", async (ISender sender, Subscribe command, CancellationToken ct) =>
                TypedResults.Accepted((string?)null, await sender.Send(command, ct)))
            .WithName("Subscribe")
            .WithSummary("Sign up for the newsletter (double opt-in): always 202 with the same body")
            .WithDescription("email is one plain address (at most 254 characters); name (at most 100) is optional; tags are tag slugs " +
                "(topics; none means every article). The answer is the same whether the address is new, pending, already confirmed " +
                "or refused, so it reveals nothing about who is subscribed. A new or pending address gets a confirmation email " +
                "(a pending one at most once an hour); a confirmed one is left as it is. Rate-limited per client like comment " +
                "submissions, per client and per network address (429 with Retry-After).")
            .WithReaderLimit(CommentRateLimits.Signups)
            .AcceptsJson()
            .ProducesErrors(429);

        newsletter.MapGet("/confirm", async (ISender sender, [System.ComponentModel.DataAnnotations.MaxLength(NewsletterTokens.MaxTokenLength)] string? token, CancellationToken ct) =>
                TypedResults.Content(await sender.Send(new ShowLinkPage(token, TokenPurpose.Confirm), ct), "text/html; charset=utf-8"))
            .CacheOutput(policy => policy.NoCache())
            .WithName("ShowConfirmPage")
            .WithSummary("The confirmation link of the email: an HTML page whose button confirms (opening it changes nothing)")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesErrors(400);

        newsletter.MapPost("/confirm", async (ISender sender, HttpRequest request, [System.ComponentModel.DataAnnotations.MaxLength(NewsletterTokens.MaxTokenLength)] string? token, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ConfirmSubscription(await TokenInput.ReadAsync(token, request, ct)), ct)))
            .WithName("ConfirmSubscription")
            .WithSummary("Confirm a subscription with the token of the confirmation email")
            .WithDescription("An expired, altered or already used token is a 400 whose detail says what to do and whose reason is " +
                "expired, invalid or used. " + TokenSources)
            .Accepts<TokenInput.TokenBody>(true, "application/json", "application/x-www-form-urlencoded", "multipart/form-data")
            .ProducesErrors(400, 413, 415);

        newsletter.MapGet("/unsubscribe", async (ISender sender, [System.ComponentModel.DataAnnotations.MaxLength(NewsletterTokens.MaxTokenLength)] string? token, CancellationToken ct) =>
                TypedResults.Content(await sender.Send(new ShowLinkPage(token, TokenPurpose.Unsubscribe), ct), "text/html; charset=utf-8"))
            .CacheOutput(policy => policy.NoCache())
            .WithName("ShowUnsubscribePage")
            .WithSummary("The unsubscribe link of an email: an HTML page whose button unsubscribes (opening it changes nothing)")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesErrors(400);

        newsletter.MapPost("/unsubscribe", async (ISender sender, HttpRequest request, [System.ComponentModel.DataAnnotations.MaxLength(NewsletterTokens.MaxTokenLength)] string? token, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Unsubscribe(await TokenInput.ReadAsync(token, request, ct)), ct)))
            .WithName("Unsubscribe")
            .WithSummary("Unsubscribe at once with the token of any newsletter email (RFC 8058 one-click); no key needed, idempotent")
            .WithDescription("Repeating it, or unsubscribing an address that was erased meanwhile, answers the same 200. " + TokenSources)
            .Accepts<TokenInput.TokenBody>(true, "application/json", "application/x-www-form-urlencoded", "multipart/form-data")
            .ProducesErrors(400, 413, 415);

        var subscribers = newsletter.MapGroup("/subscribers");

        subscribers.MapGet("/", async (ISender sender, HttpContext http, string? status, string? email, int? limit, string? cursor, CancellationToken ct) =>
                Paging.Ok(http, await sender.Send(new ListSubscribers(status, email, limit, cursor), ct)))
            .WithName("ListSubscribers")
            .WithSummary("Subscribers with their address, status and topics, newest first (admins)")
            .WithDescription("status is pending, confirmed or unsubscribed; email finds one address (compared in its normalized form).")
            .RequireRole(Policies.Admin)
            .ProducesErrors(400);

        subscribers.MapGet("/counts", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new CountSubscribers(), ct)))
            .WithName("CountSubscribers")
            .WithSummary("How many subscribers are pending, confirmed and unsubscribed (admins)")
            .RequireRole(Policies.Admin);

        subscribers.MapGet("/export", async (ISender sender, string? status, CancellationToken ct) =>
            {
                var export = await sender.Send(new ExportSubscribers(status), ct);
                return Csv.Stream(SubscriberExport.Header, export.Rows, SubscriberExport.Cells, "subscribers.csv");
            })
            .WithName("ExportSubscribers")
            .WithSummary("Every subscriber (or those in one status) as CSV, oldest first (admins)")
            .WithDescription("Columns: " + string.Join(", ", SubscriberExport.Header) + ". Topics are tag slugs separated by spaces; " +
                "a cell that a spreadsheet would treat as a formula starts with an apostrophe.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .RequireRole(Policies.Admin)
            .ProducesErrors(400);

        subscribers.MapDelete("/{id:guid}", async (ISender sender, ClaimsPrincipal user, Guid id, CancellationToken ct) =>
            {
                await sender.Send(new DeleteSubscriber(id, Caller.From(user)), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteSubscriber")
            .WithSummary("Erase a subscriber and every trace of the address (right to erasure; admins)")
            .RequireRole(Policies.Admin)
            .ProducesErrors(404);

        newsletter.MapPost("/digests", async (ISender sender, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var digest = await sender.Send(new SendDigest(Caller.From(user)), ct);
                return TypedResults.Accepted($"/api/v1/newsletter/digests/{digest.Id}", digest);
            })
            .WithName("SendDigest")
            .WithSummary("Send a digest of the articles published since the previous one to every confirmed subscriber whose topics match")
            .WithDescription("202: the digest is made and its emails are queued (GET its Location to follow recipients and queuedAt). " +
                "An article goes into one digest at most and a subscriber gets a digest at most once. 409 when no article was " +
                "published since the previous digest.")
            .RequireRole(Policies.Editor)
            .ProducesErrors(409);

        newsletter.MapGet("/digests/{id:guid}", async (ISender sender, Guid id, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetDigest(id), ct)))
            .WithName("GetDigest")
            .WithSummary("A digest: its articles (slugs), the recipients queued so far and when queueing finished")
            .RequireRole(Policies.Editor)
            .ProducesErrors(404);
    }
}
