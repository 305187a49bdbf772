using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HeadlessCms.Api.Common.OpenApi;

/// <summary>
/// A string property whose values are a closed set defined in code (a static string[] such as Roles.All): the OpenAPI
/// document lists them as an enum, from the same array the code checks against.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ClosedSetAttribute(Type holder, string member) : Attribute
{
    public IReadOnlyList<string> Values =>
        (IReadOnlyList<string>)(holder.GetField(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
            ?? holder.GetProperty(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
            ?? throw new InvalidOperationException($"{holder.Name}.{member} is not a static string list."));
}

/// <summary>
/// Required and nullable from the C# types, so the document says what the serializer really sends: a property whose
/// type cannot be null (a value type, a non-nullable reference) is always present, hence required; a nullable one is
/// sent as null, hence nullable, references to other schemas included (as allOf + nullable, which OpenAPI 3.0 needs).
/// </summary>
internal sealed class ContractSchemaFilter : ISchemaFilter
{
    private readonly NullabilityInfoContext nullability = new();

    /// <summary>
    /// The longest text of the formats the API reads: an id in its 8-4-4-4-12 form, an ISO 8601 date, an RFC 3339
    /// instant with fractions and an offset. A property or parameter of these types is bounded by its format.
    /// </summary>
    private static readonly Dictionary<Type, int> FormatLengths = new()
    {
        [typeof(Guid)] = 36,
        [typeof(DateOnly)] = 10,
        [typeof(DateTime)] = 40,
        [typeof(DateTimeOffset)] = 40,
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema { Type: { } formattedType } formatted && formattedType.HasFlag(JsonSchemaType.String)
            && FormatLengths.TryGetValue(Nullable.GetUnderlyingType(context.Type) ?? context.Type, out var length))
        {
            formatted.MaxLength ??= length;
        }

        if (schema is not OpenApiSchema { Properties: { Count: > 0 } properties } concrete || typeof(JsonNode).IsAssignableFrom(context.Type))
        {
            return;
        }

        var defaults = context.Type.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .Where(p => p.HasDefaultValue && p.Name is not null)
            .Select(p => p.Name!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Always })
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!properties.TryGetValue(name, out var propertySchema))
            {
                continue;
            }

            var nullable = nullability.Create(property).ReadState == NullabilityState.Nullable;
            if (!nullable && !defaults.Contains(property.Name))
            {
                concrete.Required ??= new HashSet<string>();
                concrete.Required.Add(name);
            }

            switch (propertySchema)
            {
                case OpenApiSchemaReference reference when nullable:
                    // A type beside nullable (OpenAPI 3.0 ignores nullable without one): the referenced schema's own.
                    var target = reference.Reference.Id is { } id && context.SchemaRepository.Schemas.TryGetValue(id, out var referenced)
                        ? referenced.Type
                        : null;
                    properties[name] = new OpenApiSchema { AllOf = [reference], Type = (target ?? JsonSchemaType.Object) | JsonSchemaType.Null };
                    break;
                case OpenApiSchema inline:
                    inline.Type = inline.Type is { } type ? (nullable ? type | JsonSchemaType.Null : type & ~JsonSchemaType.Null) : inline.Type;
                    if (property.GetCustomAttribute<ClosedSetAttribute>() is { } closedSet)
                    {
                        inline.Enum = closedSet.Values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
                    }

                    break;
            }
        }
    }
}
