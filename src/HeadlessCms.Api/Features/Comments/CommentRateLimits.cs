using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Security;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>An endpoint's reader limit: which of <see cref="CommentRateLimits"/>' budgets a request spends.</summary>
public sealed record ReaderLimit(string Name);

/// <summary>
/// Fixed-window limits for what anonymous readers write (comment submissions, likes, newsletter signups), counted in the
/// one <see cref="IRateLimitStore"/> twice: per client (network + User-Agent, see <see cref="ClientIdentity"/>) and per
/// network address alone, with a higher budget, so a new User-Agent per request does not buy a new budget. Staff keys
/// are not limited. A rejection goes through the one error path: 429 problem JSON with Retry-After. The store is
/// keyed by daily hashes, never by raw addresses.
/// </summary>
public static class CommentRateLimits
{
    public const string Submissions = "comment-submissions";
    public const string Likes = "comment-likes";
    public const string Signups = "newsletter-signups";

    public static TBuilder WithReaderLimit<TBuilder>(this TBuilder endpoint, string name) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new ReaderLimit(name));

    /// <summary>After authentication (staff are exempt) and before the body is bound, so refused requests cost nothing.</summary>
    public static IApplicationBuilder UseReaderLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<ReaderLimit>() is { } limit && !Caller.From(http.User).IsStaff)
        {
            var clients = http.RequestServices.GetRequiredService<ClientIdentity>();
            await SpendAsync(
                http.RequestServices.GetRequiredService<IRateLimitStore>(),
                http.RequestServices.GetRequiredService<IOptions<CommentOptions>>().Value.RateLimits,
                limit.Name, clients.Of(http), clients.NetworkOf(http), http.RequestAborted);
        }

        await next(http);
    });

    /// <summary>
    /// Spends one request of the client's budget, then of its network's (null when the address is unknown, as on a
    /// Unix socket without a trusted proxy); throws the 429 when either is used up. A refused client spends nothing of
    /// its network's budget, so one noisy client does not lock out its neighbours sooner.
    /// </summary>
    public static async Task SpendAsync(
        IRateLimitStore store, CommentRateLimitOptions options, string name, string client, string? network, CancellationToken ct)
    {
        var (perClient, perNetwork) = name == Likes
            ? (options.Likes, options.NetworkLikes)
            : (options.Submissions, options.NetworkSubmissions);
        await SpendOneAsync(store, $"{name}:client:{client}", perClient, options.Window, ct);
        if (network is not null)
        {
            await SpendOneAsync(store, $"{name}:network:{network}", perNetwork, options.Window, ct);
        }
    }

    private static async Task SpendOneAsync(IRateLimitStore store, string key, int limit, TimeSpan window, CancellationToken ct)
    {
        if (limit <= 0)
        {
            return;
        }

        var result = await store.HitAsync(key, limit, window, ct);
        if (!result.Allowed)
        {
            throw new TooManyRequestsException(result.RetryAfter);
        }
    }
}
