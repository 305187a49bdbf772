using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HeadlessCms.Api.Common;

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
                Description = "Articles, highlights, authors and tags for news publishers. Reads of published content are " +
                    "anonymous; writes need an API key sent as 'Authorization: Bearer <key>'. Errors are RFC 9457 problem JSON.",
            });
            options.AddSecurityDefinition(ApiKeyDefaults.Scheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (hcms_...) created by an admin, or the configured bootstrap key.",
            });
            options.OperationFilter<ApiKeySecurityFilter>();
            options.SupportNonNullableReferenceTypes();
        });
        return services;
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
}
