using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HeadlessCms.Api.Common.OpenApi;

/// <summary>An endpoint whose body is a JSON Merge Patch (RFC 7396) of <paramref name="Fields"/>, the type a full replace takes.</summary>
public sealed record MergePatchMetadata(Type Fields, string MediaType);

/// <summary>
/// Describes a merge-patch body by what it patches: the fields of the full replace, every one optional (absent keeps
/// the current value) and nullable (null removes it), no others. Without this, the body is described by the
/// JsonObject it binds to, whose .NET internals (options, parent, root) no client sends.
/// </summary>
internal sealed class MergePatchFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<MergePatchMetadata>().LastOrDefault() is not { } patch)
        {
            return;
        }

        var id = patch.Fields.Name + "MergePatch";
        if (!context.SchemaRepository.Schemas.ContainsKey(id))
        {
            context.SchemaGenerator.GenerateSchema(patch.Fields, context.SchemaRepository);
            var full = (OpenApiSchema)context.SchemaRepository.Schemas[patch.Fields.Name];
            var properties = new Dictionary<string, IOpenApiSchema>();
            foreach (var (name, property) in full.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                properties[name] = property switch
                {
                    OpenApiSchemaReference reference => new OpenApiSchema
                    {
                        AllOf = [reference],
                        Type = (reference.Reference.Id is { } refId && context.SchemaRepository.Schemas.TryGetValue(refId, out var referenced)
                            ? referenced.Type ?? JsonSchemaType.Object
                            : JsonSchemaType.Object) | JsonSchemaType.Null,
                    },
                    OpenApiSchema { AllOf.Count: > 0 } wrapped => wrapped,
                    OpenApiSchema inline => WithNull(inline),
                    _ => property,
                };
            }

            context.SchemaRepository.Schemas[id] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = $"A JSON Merge Patch (RFC 7396) of the fields of {patch.Fields.Name}: a member present replaces the field, " +
                    "null removes it (back to its default), an absent one keeps it. Any other member is a 400.",
                Properties = properties,
                AdditionalPropertiesAllowed = false,
                MinProperties = 1,
            };
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [patch.MediaType] = new() { Schema = new OpenApiSchemaReference(id, context.Document) },
            },
        };

        // The JsonObject the endpoint binds to is not part of the contract.
        foreach (var internals in new[] { "JsonNode", "JsonNodeOptions" })
        {
            context.SchemaRepository.Schemas.Remove(internals);
        }
    }

    private static OpenApiSchema WithNull(OpenApiSchema inline)
    {
        var copy = (OpenApiSchema)inline.CreateShallowCopy();
        if (copy.Type is { } type)
        {
            copy.Type = type | JsonSchemaType.Null;
        }

        return copy;
    }
}
