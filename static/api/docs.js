// The API documentation page: Swagger UI (vendored) on the app's own OpenAPI schema. A script file, not an
// inline one, so the page keeps the strict Content-Security-Policy; no validator badge (it would call out).
document.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("swagger-ui");
  if (!element || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  SwaggerUIBundle({
    url: element.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null,
    supportedSubmitMethods: ["get"],
    persistAuthorization: false,
  });
});
