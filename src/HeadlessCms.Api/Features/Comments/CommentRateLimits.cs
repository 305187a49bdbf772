using System.Threading.RateLimiting;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Security;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>
/// Per-client fixed windows (ASP.NET Core's rate limiter) for comment submissions and likes, partitioned by the same
/// client hash as everything else. Staff keys are not limited. A rejection goes through the one error path: 429
/// problem JSON with Retry-After.
/// </summary>
public static class CommentRateLimits
{
    public const string Submissions = "comment-submissions";
    public const string Likes = "comment-likes";

    public static IServiceCollection AddCommentRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Submissions, http => Partition(http, limits => limits.Submissions));
            limiter.AddPolicy(Likes, http => Partition(http, limits => limits.Likes));
            limiter.OnRejected = (context, _) => throw new TooManyRequestsException(
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null);
        });

    private static RateLimitPartition<string> Partition(HttpContext http, Func<CommentRateLimitOptions, int> limitOf)
    {
        var limits = http.RequestServices.GetRequiredService<IOptions<CommentOptions>>().Value.RateLimits;
        var permits = limitOf(limits);
        if (permits <= 0 || Caller.From(http.User).IsStaff)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        return RateLimitPartition.GetFixedWindowLimiter(
            http.RequestServices.GetRequiredService<ClientIdentity>().Of(http),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = limits.Window, QueueLimit = 0 });
    }
}
