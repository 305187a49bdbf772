using NJsonSchema;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace HeadlessCms.Client.Generator;

/// <summary>The one definition of how the C# client is generated from the contract; the drift test uses it too.</summary>
public static class ClientGenerator
{
    public static string DocumentPath(string repositoryRoot) => Path.Combine(repositoryRoot, "openapi", "openapi.json");

    public static string OutputPath(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "src", "clients", "csharp", "HeadlessCms.Client", "CmsClient.g.cs");

    public static async Task<string> GenerateAsync(string documentPath)
    {
        var document = await OpenApiDocument.FromFileAsync(documentPath);
        SendJsonOnly(document);
        ReferenceNullableSchemas(document);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "CmsClient",
            // One client, one method per operation, named after its operationId (CreateArticleAsync, PublishArticleAsync).
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            GenerateClientInterfaces = true,
            // The caller owns the HttpClient (base address, Authorization header, handlers): the client only sends.
            InjectHttpClient = true,
            DisposeHttpClient = false,
            UseBaseUrl = false,
            // Responses carry their headers (ETag, Location, Link) beside the body, as CmsResponse<T>.
            WrapResponses = true,
            GenerateResponseClasses = true,
            ResponseClass = "CmsResponse",
            ExceptionClass = "CmsApiException",
            GenerateOptionalParameters = true,
            ParameterNameGenerator = new HeaderAwareParameterNames(),
            CSharpGeneratorSettings =
            {
                Namespace = "HeadlessCms.Client",
                JsonLibrary = CSharpJsonLibrary.SystemTextJson,
                GenerateNullableReferenceTypes = true,
                GenerateOptionalPropertiesAsNullable = true,
                ClassStyle = CSharpClassStyle.Poco,
                DateType = "System.DateOnly",
                DateTimeType = "System.DateTimeOffset",
                ArrayType = "System.Collections.Generic.List",
                ArrayInstanceType = "System.Collections.Generic.List",
                GenerateDataAnnotations = false,
            },
        };

        // Line endings and the generator's version stamp are normalised so the drift check compares content only.
        return new CSharpClientGenerator(document, settings).GenerateFile().ReplaceLineEndings("\n");
    }

    /// <summary>
    /// OpenAPI 3.0 writes a nullable reference as <c>allOf: [$ref]</c> with <c>nullable</c> beside a <c>type</c> (nullable
    /// means nothing without one). NJsonSchema reads that type as "a new class extending the reference" and would make
    /// Source2..Source8 : SourceAttributionDto; without it, the property is the referenced class itself, nullable.
    /// </summary>
    private static void ReferenceNullableSchemas(OpenApiDocument document)
    {
        foreach (var schema in document.Components.Schemas.Values)
        {
            foreach (var property in schema.Properties.Values)
            {
                if (property.AllOf.Count == 1 && property.AllOf.First().HasReference && property.Properties.Count == 0)
                {
                    property.Type = JsonObjectType.None;
                }
            }
        }
    }

    /// <summary>
    /// The client sends JSON. The newsletter's confirm and unsubscribe also take HTML-form and RFC 8058 one-click
    /// bodies (for browsers and mail clients), which NSwag would turn into a second <c>token</c> parameter beside the
    /// query's: where an operation accepts JSON, the client is generated from its JSON body alone.
    /// </summary>
    private static void SendJsonOnly(OpenApiDocument document)
    {
        foreach (var operation in document.Operations.Select(o => o.Operation))
        {
            var content = operation.RequestBody?.Content;
            if (content is null || !content.ContainsKey("application/json"))
            {
                continue;
            }

            foreach (var other in content.Keys.Where(type => type != "application/json").ToList())
            {
                content.Remove(other);
            }
        }
    }
}


/// <summary>Header parameters as C# names (If-Match becomes ifMatch, not if_Match); every other name as NSwag makes it.</summary>
internal sealed class HeaderAwareParameterNames : IParameterNameGenerator
{
    private readonly DefaultParameterNameGenerator names = new();

    public string Generate(OpenApiParameter parameter, IEnumerable<OpenApiParameter> allParameters)
    {
        if (parameter.Kind != OpenApiParameterKind.Header)
        {
            return names.Generate(parameter, allParameters);
        }

        var words = parameter.Name.Split('-', StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(words.Select((word, i) => i == 0 ? word.ToLowerInvariant() : char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant()));
    }
}
