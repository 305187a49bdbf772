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
        services.AddSingleton<ValidatorConstraints>();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "HeadlessCms API",
                Version = "v1",
                Description = "Articles, highlights, authors, tags and reader comments for news publishers. Reads of published content are " +
                    "anonymous; writes need an API key sent as 'Authorization: Bearer <key>'. Errors are RFC 9457 problem JSON.",
                Contact = new OpenApiContact { Name = "HeadlessCms maintainers" },
            });
            options.AddSecurityDefinition(ApiKeyDefaults.Scheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (hcms_...) created by an admin, or the configured bootstrap key.",
            });
            options.AddServer(new OpenApiServer
            {
                Url = "http://localhost:5080",
                Description = "A local run (dotnet run); a deployment serves the same paths at its own origin, behind TLS.",
                Extensions = new Dictionary<string, IOpenApiExtension> { ["x-internal"] = new JsonNodeExtension(false) },
            });
            options.OperationFilter<ConditionalHeaderFilter>();
            options.SchemaFilter<HiddenPropertiesFilter>();
            options.SchemaFilter<ContractSchemaFilter>();
            options.SchemaFilter<ValidatorSchemaFilter>();
            options.OperationFilter<RawBodyFilter>();
            options.OperationFilter<MergePatchFilter>();
            options.OperationFilter<ValidatorParameterFilter>();
            options.OperationFilter<ContractOperationFilter>();
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
                            : new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = (int)Http.RequestLimits.MaxBodyBytes },
                    }),
            };
        }
    }
}
