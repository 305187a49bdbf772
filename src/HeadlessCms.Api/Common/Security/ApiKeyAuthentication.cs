using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using HeadlessCms.Api.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;

namespace HeadlessCms.Api.Common.Security;

public static class Roles
{
    public const string Admin = "admin";
    public const string Editor = "editor";
    public const string Moderator = "moderator";
    public const string Partner = "partner";

    public static readonly string[] All = [Admin, Editor, Moderator, Partner];
}

public static class Policies
{
    public const string Admin = "admin";
    public const string Editor = "editor";
    public const string Moderator = "moderator";
}

public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string Challenge = "Bearer realm=\"headless-cms\"";
    public const string KeyPrefix = "hcms_";

    /// <summary>"hcms_" plus eight characters: enough to find a key, useless for using it.</summary>
    public const int LookupLength = 13;

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string NewKey() =>
        KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', 'x').Replace('/', 'y');
}

/// <summary>
/// Bearer API keys. Only the SHA-256 of a key is stored; a key is found by its first characters and
/// then compared in constant time. The configured bootstrap key (Cms:AdminApiKey) acts as an admin key.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CmsDbContext db,
    IConfiguration configuration,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");
        }

        var key = header["Bearer ".Length..].Trim();
        var hash = ApiKeyDefaults.Hash(key);

        var bootstrap = configuration["Cms:AdminApiKey"];
        if (!string.IsNullOrEmpty(bootstrap) && CryptographicOperations.FixedTimeEquals(hash, ApiKeyDefaults.Hash(bootstrap)))
        {
            return Success(Guid.Empty, "bootstrap-admin", Roles.Admin);
        }

        if (key.Length > ApiKeyDefaults.LookupLength && key.StartsWith(ApiKeyDefaults.KeyPrefix, StringComparison.Ordinal))
        {
            var prefix = key[..ApiKeyDefaults.LookupLength];
            var stored = await db.ApiKeys.AsNoTracking()
                .Where(k => k.Prefix == prefix)
                .Select(k => new { k.Id, k.Name, k.Role, k.Hash, k.RequestsPerMinute, k.RequestsPerDay })
                .FirstOrDefaultAsync(Context.RequestAborted);
            if (stored is not null && CryptographicOperations.FixedTimeEquals(hash, stored.Hash))
            {
                return Success(stored.Id, stored.Name, stored.Role, new KeyQuota(stored.RequestsPerMinute, stored.RequestsPerDay));
            }
        }

        return AuthenticateResult.Fail("The API key is not valid.");
    }

    private AuthenticateResult Success(Guid id, string name, string role, KeyQuota? quota = null)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id.ToString()), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role),
             .. quota?.Claims() ?? []],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        Response.Headers.WWWAuthenticate = ApiKeyDefaults.Challenge;
        await WriteProblem(StatusCodes.Status401Unauthorized, "Unauthorized",
            failure?.Message ?? "This endpoint needs an API key: send 'Authorization: Bearer <api key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, "Forbidden", "The API key's role does not allow this action.");

    private async Task WriteProblem(int status, string title, string detail)
    {
        Response.StatusCode = status;

        // TryWrite: a client that accepts no JSON still gets the 401/403, with an empty body instead of a 500.
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

public static class ApiKeyAuthenticationSetup
{
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Editor, p => p.RequireRole(Roles.Admin, Roles.Editor))
            .AddPolicy(Policies.Moderator, p => p.RequireRole(Roles.Admin, Roles.Editor, Roles.Moderator));
        return services;
    }

    /// <summary>
    /// A wrong key is an error even where a key is optional: a client that thinks it sends a key
    /// must not silently get the anonymous view.
    /// </summary>
    public static IApplicationBuilder UseRejectInvalidKeys(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // The handler caches its result per request, so this costs no second lookup.
        var failure = (await http.AuthenticateAsync(ApiKeyDefaults.Scheme)).Failure;
        if (failure is not null)
        {
            await KeyGuessingThrottle.CountFailureAsync(http);
            throw new UnauthorizedException(failure.Message);
        }

        await next(http);
    });
}
