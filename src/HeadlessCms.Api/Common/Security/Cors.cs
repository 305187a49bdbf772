using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace HeadlessCms.Api.Common.Security;

/// <summary>Cms:Cors: which browser origins may call the API.</summary>
public sealed class CorsOptions
{
    public const string Section = "Cms:Cors";

    /// <summary>Origins (scheme://host[:port]) allowed everything: keyed reads and writes. "*" allows every origin.</summary>
    public string[] Origins { get; set; } = [];

    /// <summary>Anonymous GET/HEAD from any origin, as public content APIs allow. Off: only the listed origins.</summary>
    public bool AnyOriginReads { get; set; } = true;

    /// <summary>How long a browser may keep a preflight's answer (Access-Control-Max-Age).</summary>
    public int PreflightMaxAgeSeconds { get; set; } = 600;
}

/// <summary>
/// CORS for browser front ends. Listed origins may do everything a key allows; any other origin may only read
/// anonymously (GET/HEAD without Authorization, answered with "*", so the shared output cache stays origin-free).
/// No credentials: keys travel in the Authorization header, never in cookies.
/// </summary>
public static class Cors
{
    /// <summary>The request headers a front end needs: keys, conditional requests, JSON bodies, retry-safe imports.</summary>
    public static readonly string[] AllowedHeaders =
        [HeaderNames.Authorization, HeaderNames.IfMatch, HeaderNames.IfNoneMatch, HeaderNames.ContentType, Http.Idempotency.Header];

    /// <summary>Response headers a browser script may read besides the CORS-safelisted ones.</summary>
    public static readonly string[] ExposedHeaders =
        [HeaderNames.ETag, HeaderNames.Link, HeaderNames.Location, HeaderNames.RetryAfter, "Surrogate-Key", "Cache-Tag",
            KeyQuotas.PolicyHeader, KeyQuotas.StateHeader, Http.Idempotency.ReplayedHeader];

    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    private static readonly string[] AllMethods =
        [HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    public static IServiceCollection AddCmsCors(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CorsOptions>(configuration.GetSection(CorsOptions.Section));
        services.AddCors();
        services.AddSingleton<ICorsPolicyProvider, CmsCorsPolicyProvider>();
        return services;
    }

    /// <summary>Whether the request is (or, for a preflight, announces) an anonymous read.</summary>
    internal static bool IsAnonymousRead(HttpRequest request)
    {
        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(CorsConstants.AccessControlRequestMethod))
        {
            var method = request.Headers[CorsConstants.AccessControlRequestMethod].ToString();
            var headers = request.Headers[CorsConstants.AccessControlRequestHeaders].ToString();
            return ReadMethods.Contains(method, StringComparer.OrdinalIgnoreCase)
                && !headers.Contains(HeaderNames.Authorization, StringComparison.OrdinalIgnoreCase);
        }

        return ReadMethods.Contains(request.Method, StringComparer.OrdinalIgnoreCase)
            && !request.Headers.ContainsKey(HeaderNames.Authorization);
    }

    private sealed class CmsCorsPolicyProvider(IOptions<CorsOptions> options) : ICorsPolicyProvider
    {
        private readonly CorsPolicy anyOriginReads = Build(options.Value, anyOrigin: true, ReadMethods, [HeaderNames.IfNoneMatch]);
        private readonly CorsPolicy listed = Build(options.Value, anyOrigin: options.Value.Origins.Contains("*"), AllMethods, AllowedHeaders);

        /// <summary>
        /// Anonymous reads answer "*" even to listed origins: the response is then the same for every origin, so the
        /// output cache and CDNs keep one copy. Everything else is for listed origins only (an unlisted origin's
        /// preflight gets a 204 without Access-Control-Allow-Origin, which the browser treats as a refusal).
        /// </summary>
        public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName) =>
            Task.FromResult<CorsPolicy?>(options.Value.AnyOriginReads && IsAnonymousRead(context.Request) ? anyOriginReads : listed);

        private static CorsPolicy Build(CorsOptions o, bool anyOrigin, string[] methods, string[] headers)
        {
            var builder = new CorsPolicyBuilder()
                .WithMethods(methods)
                .WithHeaders(headers)
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromSeconds(o.PreflightMaxAgeSeconds));
            if (anyOrigin)
            {
                builder.AllowAnyOrigin();
            }
            else
            {
                builder.WithOrigins(o.Origins.Select(origin => origin.TrimEnd('/')).ToArray());
            }

            return builder.Build();
        }
    }
}
