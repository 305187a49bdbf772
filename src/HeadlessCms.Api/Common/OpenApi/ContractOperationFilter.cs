using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HeadlessCms.Api.Common.OpenApi;

/// <summary>
/// What every operation answers because of the pipeline it runs through, declared once here rather than per endpoint:
/// a key is checked on every request (401 for a wrong one, anonymous operations included), failed keys and per-client
/// limits answer 429 with Retry-After, unbound or unparsable input is a 400, anything unexpected a 500; and the headers
/// the shared plumbing sets (ETag, Location, Link, Cache-Control, Retry-After, Surrogate-Key/Cache-Tag, RateLimit-Policy
/// and RateLimit).
/// </summary>
internal sealed class ContractOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy ?? a.Roles).Where(p => p is not null).Distinct().ToList();
        var anonymous = !metadata.OfType<IAuthorizeData>().Any();
        DeclareSecurity(operation, context, anonymous, policies);

        operation.Responses ??= [];
        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        var validationProblem = context.SchemaGenerator.GenerateSchema(typeof(HttpValidationProblemDetails), context.SchemaRepository);
        if (operation.Parameters is { Count: > 0 } || operation.RequestBody is not null)
        {
            Ensure(operation, "400", "The request is invalid: field errors are keyed by the field's JSON name.", validationProblem);
        }

        Ensure(operation, "401", anonymous
            ? "A key was sent and is not valid (sending none is fine here)."
            : "No key, or a key that is not valid.", problem);
        Ensure(operation, "429", "Too many requests from this client (failed keys, or a per-client limit): retry after Retry-After seconds.", problem);
        Ensure(operation, "500", "An unexpected error; quote the traceId when reporting it.", problem);
        DeclareHeaders(operation, context, metadata);
        BoundParameters(operation);
        Sort(operation);
    }

    /// <summary>The longest request header value the document promises to read (a list of a few ETags fits many times over).</summary>
    public const int MaxHeaderLength = 1024;

    /// <summary>
    /// Every string path segment of this API names a resource by id or slug (closed sets such as a redirect's type get
    /// their enum from a validator), so it is no longer than a slug; header values are bounded by <see cref="MaxHeaderLength"/>.
    /// </summary>
    private static void BoundParameters(OpenApiOperation operation)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Schema is not OpenApiSchema { Type: { } type, MaxLength: null, Enum: null or { Count: 0 } } schema || !type.HasFlag(JsonSchemaType.String))
            {
                continue;
            }

            schema.MaxLength = parameter.In switch
            {
                ParameterLocation.Path => Validation.ValidationRules.MaxSlugLength,
                ParameterLocation.Header => MaxHeaderLength,
                _ => schema.MaxLength,
            };
        }
    }

    private static void DeclareSecurity(OpenApiOperation operation, OperationFilterContext context, bool anonymous, List<string?> policies)
    {
        var bearer = new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(ApiKeyDefaults.Scheme, context.Document)] = [],
        };

        // {} first: anonymous callers may call it; a key, when sent, is checked and can widen what the caller sees.
        operation.Security = anonymous ? [new OpenApiSecurityRequirement(), bearer] : [bearer];
        var who = anonymous
            ? "Anonymous callers may call this; an API key is optional."
            : $"Needs an API key with the role the '{string.Join("', '", policies)}' policy allows.";
        operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? who : $"{operation.Description} {who}";
    }

    private static void DeclareHeaders(OpenApiOperation operation, OperationFilterContext context, IList<object> metadata)
    {
        var get = string.Equals(context.ApiDescription.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase);
        var responseTypes = context.ApiDescription.SupportedResponseTypes.Where(r => r.Type is not null).Select(r => r.Type!).ToList();
        var versioned = operation.Responses!.ContainsKey("304")
            || metadata.OfType<ConditionalHeaderMetadata>().Any()
            || responseTypes.Any(t => typeof(IVersionedResponse).IsAssignableFrom(t));
        var paged = responseTypes.Any(t => t.GetProperty("NextCursor") is not null);
        var tagged = metadata.OfType<SurrogateKeysMetadata>().Any();

        foreach (var (status, response) in operation.Responses!)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            var success = status.StartsWith('2');
            if ((success || status == "304") && versioned)
            {
                Header(concrete, "ETag", "The representation's strong entity tag (a compressed body's ends in -br or -gzip): send it as If-Match to change the resource, or as If-None-Match to revalidate.");
            }

            if (status is "201" or "301")
            {
                Header(concrete, "Location", status == "201" ? "The address of the created resource." : "The current address (the slug changed).");
            }

            if (success && paged)
            {
                Header(concrete, "Link", "RFC 8288 link to the next page (rel=\"next\"), when there is one.");
            }

            if (success || status == "304")
            {
                Header(concrete, "Cache-Control", get
                    ? "public with max-age for anonymous reads; private, no-store when a key was sent."
                    : "private, no-store.");
            }

            if ((success || status == "304") && get && tagged)
            {
                Header(concrete, "Surrogate-Key", "Space-separated cache tags for CDN purges (Fastly style).");
                Header(concrete, "Cache-Tag", "The same cache tags, comma-separated (Cloudflare style).");
            }

            if (status is "429" or "503")
            {
                Header(concrete, "Retry-After", "Seconds to wait before retrying.", JsonSchemaType.Integer);
            }

            // Set by UseKeyQuotas as any answer starts, errors included; only a 401 (a wrong key) is always decided before it.
            if (status != "401")
            {
                Header(concrete, KeyQuotas.PolicyHeader, "The request quotas of the API key the request was made with (IETF draft-ietf-httpapi-ratelimit-headers): " +
                    "each quota's name, requests allowed (q) and window in seconds (w), e.g. \"minute\";q=600;w=60, \"day\";q=100000;w=86400. " +
                    QuotaHeaderScope);
                Header(concrete, KeyQuotas.StateHeader, "What is left of each quota of the API key the request was made with (IETF draft-ietf-httpapi-ratelimit-headers): " +
                    "requests remaining (r) and seconds until the window resets (t), e.g. \"minute\";r=599;t=60, \"day\";r=99999;t=86400. " +
                    QuotaHeaderScope);
            }

            Header(concrete, "Access-Control-Allow-Origin", "Sent when the request's Origin may read the answer: any origin for anonymous reads, " +
                "the origins in Cms:Cors:AllowedOrigins for keyed requests and writes.");
        }

        void Header(OpenApiResponse response, string name, string description, JsonSchemaType type = JsonSchemaType.String)
        {
            // Each header is described once, under components, and referenced from every response that sends it.
            var components = context.Document.Components ??= new OpenApiComponents();
            components.Headers ??= new Dictionary<string, IOpenApiHeader>();
            components.Headers.TryAdd(name, new OpenApiHeader
            {
                Description = description,
                Schema = type == JsonSchemaType.Integer
                    ? new OpenApiSchema { Type = type, Format = "int32", Minimum = "0", Maximum = "86400" }
                    : new OpenApiSchema { Type = type, MaxLength = 2048 },
            });
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers.TryAdd(name, new OpenApiHeaderReference(name, context.Document));
        }
    }

    private const string QuotaHeaderScope = "Sent on answers to requests made with an API key that has a request quota (partner keys by default), " +
        "not on anonymous ones, nor on answers given before the key is read (a body declared over the size limit, an invalid path or query, " +
        "an address throttled for failed keys).";

    private static void Ensure(OpenApiOperation operation, string status, string description, IOpenApiSchema schema)
    {
        if (operation.Responses!.TryGetValue(status, out var existing))
        {
            if (existing is OpenApiResponse concrete && (concrete.Description is null || concrete.Description.Length < 25))
            {
                concrete.Description = description;
            }

            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }

    /// <summary>Responses in status order, so the document reads the same whichever filter added one.</summary>
    private static void Sort(OpenApiOperation operation)
    {
        var sorted = operation.Responses!.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses!.Clear();
        foreach (var (status, response) in sorted)
        {
            operation.Responses[status] = response;
        }
    }
}

/// <summary>An endpoint whose anonymous answers carry CDN cache tags (Surrogate-Key and Cache-Tag).</summary>
public sealed record SurrogateKeysMetadata;
