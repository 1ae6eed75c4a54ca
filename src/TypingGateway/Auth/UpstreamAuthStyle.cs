namespace TypingGateway.Auth;

/// <summary>How the client authenticates at the token endpoint (RFC 6749 §2.3.1).</summary>
public enum UpstreamAuthStyle
{
    /// <summary>HTTP Basic: <c>Authorization: Basic base64(client_id:client_secret)</c> (Genesys Cloud).</summary>
    Basic,

    /// <summary><c>client_id</c> and <c>client_secret</c> as form fields of the request body.</summary>
    Form,
}
