import { describe, expect, it } from '@jest/globals';
import { operationsPaths } from './openapi.js';

describe('operationsPaths', () => {
  it('describes the three endpoints with JSON schemas built from the response schemas', () => {
    const paths = operationsPaths() as Record<
      string,
      {
        get: {
          responses: Record<
            string,
            { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }
          >;
        };
      }
    >;
    expect(Object.keys(paths)).toEqual([
      '/api/operations/figures',
      '/api/operations/public',
      '/metrics',
    ]);
    const figures =
      paths['/api/operations/figures']!.get.responses['200']!.content!['application/json']!.schema;
    expect(Object.keys(figures.properties ?? {})).toEqual(
      expect.arrayContaining(['day', 'week', 'hospitals', 'stations', 'ingestion']),
    );
  });
});
