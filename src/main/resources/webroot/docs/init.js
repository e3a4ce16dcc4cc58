// Renders the service's own contract with Swagger UI's assets from the jar (no CDN).
window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true });
