using HeadlessCms.Api.Common.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Common.Security;

public sealed class KeyGuessingOptions
{
    public const string Section = "Cms:KeyGuessing";

    /// <summary>Failed authentications one network address may make per window before every key it sends is refused.</summary>
    public int FailuresPerWindow { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Throttles key guessing: after <see cref="KeyGuessingOptions.FailuresPerWindow"/> failed authentications from one
/// network address, any request from it that carries an Authorization header is a 429 with Retry-After until the
/// window ends, whatever key it sends (a right key too: otherwise the 429 itself would tell a guesser it found one).
/// Counted in the shared <see cref="IRateLimitStore"/>, keyed by address only, so other addresses are unaffected.
/// </summary>
public static class KeyGuessingThrottle
{
    public static IServiceCollection AddKeyGuessingThrottle(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KeyGuessingOptions>(configuration.GetSection(KeyGuessingOptions.Section));
        return services;
    }

    private static string KeyOf(HttpContext http) => "auth-failures:" + NetworkAddress.Of(http.Connection.RemoteIpAddress);

    /// <summary>Before authentication, so a throttled address costs no key lookup.</summary>
    public static IApplicationBuilder UseKeyGuessingThrottle(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Headers.ContainsKey("Authorization"))
        {
            var options = http.RequestServices.GetRequiredService<IOptions<KeyGuessingOptions>>().Value;
            if (options.FailuresPerWindow > 0)
            {
                var store = http.RequestServices.GetRequiredService<IRateLimitStore>();
                var state = await store.PeekAsync(KeyOf(http), options.FailuresPerWindow, options.Window, http.RequestAborted);
                if (!state.Allowed)
                {
                    throw new TooManyRequestsException(state.RetryAfter);
                }
            }
        }

        await next(http);
    });

    /// <summary>Counts a failed authentication against the caller's address.</summary>
    public static async Task CountFailureAsync(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<KeyGuessingOptions>>().Value;
        if (options.FailuresPerWindow > 0)
        {
            await http.RequestServices.GetRequiredService<IRateLimitStore>()
                .HitAsync(KeyOf(http), options.FailuresPerWindow, options.Window, http.RequestAborted);
        }
    }
}
