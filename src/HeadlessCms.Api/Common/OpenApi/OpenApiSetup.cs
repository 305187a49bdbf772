using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using HeadlessCms.Api.Common.Security;

namespace HeadlessCms.Api.Common.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/swagger/v1/swagger.json";

    public static IServiceCollection AddCmsOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "HeadlessCms API",
                Version = "v1",
                Description = "Articles, highlights, authors, tags and reader comments for news publishers. Reads of published content are " +
                    "anonymous; writes need an API key sent as 'Authorization: Bearer <key>'. Errors are RFC 9457 problem JSON.",
            });
            options.AddSecurityDefinition(ApiKeyDefaults.Scheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (hcms_...) created by an admin, or the configured bootstrap key.",
            });
            options.OperationFilter<ApiKeySecurityFilter>();
            options.OperationFilter<ConditionalHeaderFilter>();
            options.SchemaFilter<HiddenPropertiesFilter>();
            options.OperationFilter<RawBodyFilter>();

            // Last: it looks at the parameters and security the filters above added.
            options.OperationFilter<GlobalAnswersFilter>();
            options.SupportNonNullableReferenceTypes();
        });
        return services;
    }

    private sealed class ConditionalHeaderFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            foreach (var header in context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ConditionalHeaderMetadata>())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = header.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = header.Header switch
                    {
                        "If-Match" => "The ETag you last read. A stale one is a 412; for articles it is required (428) unless Cms:RequireIfMatch is off.",
                        "If-Modified-Since" => "The Last-Modified time you hold; when nothing changed since, the answer is 304 with no body (ignored when If-None-Match is sent).",
                        _ => "An ETag you hold; when it is still current the answer is 304 with no body.",
                    },
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
        }
    }

    private sealed class RawBodyFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            foreach (var header in metadata.OfType<RequestHeaderMetadata>())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = header.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = header.Description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }

            if (metadata.OfType<RawBodyMetadata>().LastOrDefault() is not { } body)
            {
                return;
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = body.Description,
                Content = body.MediaTypes.ToDictionary(
                    type => type,
                    type => new OpenApiMediaType
                    {
                        Schema = type.EndsWith("json", StringComparison.Ordinal)
                            ? new OpenApiSchema { Type = JsonSchemaType.Object }
                            : new OpenApiSchema { Type = JsonSchemaType.String },
                    }),
            };
        }
    }

    /// <summary>Marks the operations that need a key, so clients and Swagger UI send it only there.</summary>
    private sealed class ApiKeySecurityFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (!metadata.OfType<IAuthorizeData>().Any())
            {
                return;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyDefaults.Scheme, context.Document)] = [],
            });
        }
    }

    /// <summary>
    /// Answers an operation can give whatever its own metadata says: a 400 naming the parameter when a path segment or
    /// query value breaks the text rule (InputGuard runs before every endpoint), and for operations that take a key, the
    /// key-guessing throttle's 429. Found by the schema-driven fuzz run (tests/.../Contract/Fuzz).
    /// </summary>
    private sealed class GlobalAnswersFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            operation.Responses ??= [];
            if (operation.Parameters?.Any(p => p.In is ParameterLocation.Path or ParameterLocation.Query) == true
                && !operation.Responses.ContainsKey("400"))
            {
                operation.Responses["400"] = Problem("Bad Request", typeof(HttpValidationProblemDetails), context);
            }

            if (operation.Security is { Count: > 0 } && !operation.Responses.ContainsKey("429"))
            {
                operation.Responses["429"] = Problem("Too Many Requests", typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context);
            }
        }

        private static OpenApiResponse Problem(string description, Type type, OperationFilterContext context) => new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository) },
            },
        };
    }
}
