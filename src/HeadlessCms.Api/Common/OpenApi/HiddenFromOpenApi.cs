using System.Reflection;
using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HeadlessCms.Api.Common.OpenApi;

/// <summary>
/// A request property the API reads but does not advertise: honeypot fields that front ends render hidden, so that the
/// public contract does not tell bots which field to leave empty.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HiddenFromOpenApiAttribute : Attribute;

/// <summary>Removes <see cref="HiddenFromOpenApiAttribute"/> properties from the schemas of the OpenAPI document.</summary>
internal sealed class HiddenPropertiesFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties: { Count: > 0 } properties } concrete)
        {
            return;
        }

        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetCustomAttribute<HiddenFromOpenApiAttribute>() is not null))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            properties.Remove(name);
            concrete.Required?.Remove(name);
        }
    }
}
