using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Validators;
using HeadlessCms.Api.Common.Validation;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HeadlessCms.Api.Common.OpenApi;

/// <summary>
/// The FluentValidation rules, read as data: for a property of a request type, what its validators enforce. The
/// OpenAPI document takes required, maxLength, pattern, enum, minimum/maximum and maxItems from here, so the numbers
/// live in one place (the validator) and a new validator shows up in the contract without any OpenAPI code.
/// </summary>
public sealed class ValidatorConstraints
{
    private readonly Dictionary<(Type Type, string Name), List<Constraint>> byMember = [];

    public ValidatorConstraints(IServiceProvider services)
    {
        var validatorTypes = typeof(ValidatorConstraints).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false })
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>))
            .Distinct();
        foreach (var serviceType in validatorTypes)
        {
            foreach (var validator in services.GetServices(serviceType).OfType<IEnumerable<IValidationRule>>())
            {
                foreach (var rule in validator)
                {
                    if (rule.Member is not PropertyInfo member || member.DeclaringType is null)
                    {
                        continue;
                    }

                    var items = rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
                    var list = Get(member.DeclaringType, member.Name);
                    list.AddRange(rule.Components.Select(c => new Constraint(c.Validator, items, rule.HasCondition || rule.HasAsyncCondition || c.HasCondition || c.HasAsyncCondition)));
                }
            }
        }
    }

    private List<Constraint> Get(Type type, string name)
    {
        if (!byMember.TryGetValue((type, name), out var list))
        {
            byMember[(type, name)] = list = [];
        }

        return list;
    }

    /// <summary>What applies to <paramref name="type"/>.<paramref name="name"/>: its own rules and those of the interfaces it implements.</summary>
    public IEnumerable<Constraint> For(Type type, string name)
    {
        var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null)
        {
            return [];
        }

        return new[] { property.DeclaringType! }.Concat(type.GetInterfaces())
            .SelectMany(t => byMember.TryGetValue((t, property.Name), out var list) ? list : [])
            .ToList();
    }

    public sealed record Constraint(IPropertyValidator Validator, bool AppliesToItems, bool Conditional);

    /// <summary>Writes the constraints onto a schema; returns whether the value is required (an unconditional NotNull/NotEmpty).</summary>
    public static bool Apply(OpenApiSchema schema, IEnumerable<Constraint> constraints)
    {
        var required = false;
        foreach (var constraint in constraints)
        {
            var target = constraint.AppliesToItems ? schema.Items as OpenApiSchema : schema;
            if (target is null)
            {
                continue;
            }

            switch (constraint.Validator)
            {
                case INotNullValidator or INotEmptyValidator when !constraint.AppliesToItems && !constraint.Conditional:
                    required = true;
                    if (target.Type is { } type)
                    {
                        target.Type = type & ~JsonSchemaType.Null;
                    }

                    if (constraint.Validator is INotEmptyValidator)
                    {
                        if (target.Type?.HasFlag(JsonSchemaType.String) == true && target.Format is null)
                        {
                            target.MinLength ??= 1;
                        }
                        else if (target.Type?.HasFlag(JsonSchemaType.Array) == true)
                        {
                            target.MinItems ??= 1;
                        }
                    }

                    break;
                case ILengthValidator length:
                    if (length.Max > 0)
                    {
                        target.MaxLength = target.MaxLength is { } max ? Math.Min(max, length.Max) : length.Max;
                    }

                    if (length.Min > 0)
                    {
                        target.MinLength = Math.Max(target.MinLength ?? 0, length.Min);
                    }

                    break;
                case IRegularExpressionValidator regex:
                    target.Pattern ??= regex.Expression;
                    break;
                case IEmailValidator:
                    target.Format ??= "email";
                    break;
                case IBetweenValidator between:
                    target.Minimum = Number(between.From) ?? target.Minimum;
                    target.Maximum = Number(between.To) ?? target.Maximum;
                    break;
                case IComparisonValidator { MemberToCompare: null } comparison when Number(comparison.ValueToCompare) is { } bound:
                    switch (comparison.Comparison)
                    {
                        case Comparison.GreaterThanOrEqual:
                            target.Minimum = bound;
                            break;
                        case Comparison.LessThanOrEqual:
                            target.Maximum = bound;
                            break;
                    }

                    break;
                case IOneOfValidator oneOf:
                    target.Enum = oneOf.Values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
                    break;
                case IItemCountValidator count:
                    target.MaxItems = count.Max;
                    if (count.Min > 0)
                    {
                        target.MinItems = count.Min;
                    }

                    break;
            }
        }

        return required;
    }

    private static string? Number(object? value) => value switch
    {
        int or long or short or byte => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}

/// <summary>Request schemas get their validators' constraints; a required property is one the validator will not let through absent.</summary>
internal sealed class ValidatorSchemaFilter(ValidatorConstraints constraints) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties: { Count: > 0 } properties } concrete)
        {
            return;
        }

        foreach (var (name, property) in properties.ToList())
        {
            var applicable = constraints.For(context.Type, name).ToList();
            if (applicable.Count == 0 || property is not OpenApiSchema target)
            {
                continue;
            }

            if (ValidatorConstraints.Apply(target, applicable))
            {
                concrete.Required ??= new HashSet<string>();
                concrete.Required.Add(name);
            }
        }
    }
}

/// <summary>
/// Query and path parameters bind to the properties of the message the endpoint sends; by convention the message type is
/// named like the operation (ListArticles), so its validator's constraints apply to the parameters of the same name.
/// </summary>
internal sealed class ValidatorParameterFilter(ValidatorConstraints constraints) : IOperationFilter
{
    private static readonly Dictionary<string, Type> Messages = typeof(ValidatorParameterFilter).Assembly.GetTypes()
        .Where(t => typeof(Mediator.IMessage).IsAssignableFrom(t) && !t.IsAbstract)
        .GroupBy(t => t.Name)
        .ToDictionary(g => g.Key, g => g.First());

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId is not { } id || !Messages.TryGetValue(id, out var message) || operation.Parameters is null)
        {
            return;
        }

        // A body bound straight to a collection (PUT .../highlights takes a JSON array) is the message property of its name.
        var body = context.ApiDescription.ParameterDescriptions.FirstOrDefault(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body);
        if (body is not null && operation.RequestBody?.Content is { } content)
        {
            var applicable = constraints.For(message, body.Name).ToList();
            foreach (var schema in content.Values.Select(m => m.Schema).OfType<OpenApiSchema>())
            {
                ValidatorConstraints.Apply(schema, applicable);
            }
        }

        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            if (parameter.In is not (ParameterLocation.Query or ParameterLocation.Path) || parameter.Schema is not OpenApiSchema schema)
            {
                continue;
            }

            var applicable = constraints.For(message, JsonNamingPolicy.CamelCase.ConvertName(parameter.Name ?? "")).ToList();
            if (ValidatorConstraints.Apply(schema, applicable))
            {
                parameter.Required = true;
            }
        }
    }
}
