using System.Globalization;
using System.Security.Claims;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Features.ApiKeys;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Common.Security;

/// <summary>A key's request quotas; null is no limit.</summary>
public sealed record KeyQuota(int? RequestsPerMinute, int? RequestsPerDay)
{
    public const string MinuteClaim = "hcms:requests-per-minute";
    public const string DayClaim = "hcms:requests-per-day";

    public IEnumerable<Claim> Claims()
    {
        if (RequestsPerMinute is { } minute)
        {
            yield return new Claim(MinuteClaim, minute.ToString(CultureInfo.InvariantCulture));
        }

        if (RequestsPerDay is { } day)
        {
            yield return new Claim(DayClaim, day.ToString(CultureInfo.InvariantCulture));
        }
    }

    public static KeyQuota Of(ClaimsPrincipal user) => new(Read(user, MinuteClaim), Read(user, DayClaim));

    private static int? Read(ClaimsPrincipal user, string type) =>
        int.TryParse(user.FindFirstValue(type), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>
/// Per-key request quotas (requests per minute and per day, set on the key), counted in the one
/// <see cref="IRateLimitStore"/> (memory, or Redis shared by every instance) in fixed windows that start with a key's
/// first request. Every answer to a request made with a key that has a quota carries the IETF RateLimit-Policy and
/// RateLimit fields (draft-ietf-httpapi-ratelimit-headers), errors included; over a quota is 429 problem JSON with
/// Retry-After. Every keyed request
/// is also counted for the key's usage report (in memory, flushed to the database now and then).
/// </summary>
public static class KeyQuotas
{
    public const string PolicyHeader = "RateLimit-Policy";
    public const string StateHeader = "RateLimit";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>After authentication (invalid keys are already refused), before anything the request costs.</summary>
    public static IApplicationBuilder UseKeyQuotas(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (Caller.From(http.User).KeyId is not { } keyId)
        {
            await next(http);
            return;
        }

        http.RequestServices.GetRequiredService<KeyUsage>().Count(keyId);
        var quota = KeyQuota.Of(http.User);
        if (quota.RequestsPerMinute is null && quota.RequestsPerDay is null)
        {
            await next(http);
            return;
        }

        var store = http.RequestServices.GetRequiredService<IRateLimitStore>();
        var policies = new List<string>(2);
        var states = new List<string>(2);
        TooManyRequestsException? refused = null;
        foreach (var (name, limit, window) in new[] { ("minute", quota.RequestsPerMinute, Minute), ("day", quota.RequestsPerDay, Day) })
        {
            if (limit is not { } q)
            {
                continue;
            }

            policies.Add($"\"{name}\";q={q};w={(int)window.TotalSeconds}");

            // A request refused by the minute's quota spends nothing of the day's.
            var result = refused is null
                ? await store.HitAsync($"key-quota:{keyId:N}:{name}", q, window, http.RequestAborted)
                : await store.PeekAsync($"key-quota:{keyId:N}:{name}", q, window, http.RequestAborted);
            var reset = result.Allowed ? result.ResetAfter : result.RetryAfter;
            states.Add($"\"{name}\";r={result.Remaining};t={Seconds(reset)}");
            if (!result.Allowed && refused is null)
            {
                refused = new TooManyRequestsException(result.RetryAfter, $"This API key has used its {q} requests per {name}; wait for Retry-After seconds.");
            }
        }

        // Set as the response starts, not now: the exception handler clears the headers of a response that failed, and
        // every answer to this request carries the fields, problems (404, 412, this quota's own 429, ...) included.
        http.Response.OnStarting(static state =>
        {
            var (response, policy, remaining) = ((HttpResponse, string, string))state;
            response.Headers[PolicyHeader] = policy;
            response.Headers[StateHeader] = remaining;
            return Task.CompletedTask;
        }, (http.Response, string.Join(", ", policies), string.Join(", ", states)));

        if (refused is not null)
        {
            throw refused;
        }

        await next(http);
    });

    private static int Seconds(TimeSpan span) => Math.Max(0, (int)Math.Ceiling(span.TotalSeconds));
}

/// <summary>Cms:ApiKeys: the quotas a new key gets when POST /api-keys names none, per role (0: no limit).</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Cms:ApiKeys";
    public const int MaxPerMinute = 1_000_000;
    public const int MaxPerDay = 1_000_000_000;

    public Dictionary<string, RoleQuota> Quotas { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [Roles.Partner] = new RoleQuota { RequestsPerMinute = 600, RequestsPerDay = 100_000 },
    };

    /// <summary>How often each instance writes the usage it counted to the database.</summary>
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromMinutes(1);

    public KeyQuota DefaultFor(string role) =>
        Quotas.TryGetValue(role, out var quota)
            ? new KeyQuota(quota.RequestsPerMinute > 0 ? quota.RequestsPerMinute : null, quota.RequestsPerDay > 0 ? quota.RequestsPerDay : null)
            : new KeyQuota(null, null);
}

public sealed class RoleQuota
{
    public int RequestsPerMinute { get; set; }
    public int RequestsPerDay { get; set; }
}
