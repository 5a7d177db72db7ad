import { describe, expect, it } from 'vitest';
import { anchorLines, commentDirectives, metadataDirectives } from '../../src/engine/suppression-directives.js';

describe('comment directives', () => {
  it('parse ids, reason and expiry, and anchor to the next code line of the comment block', () => {
    const text = [
      '# a plain comment',
      '# s3lint-ignore S3L001, versioning -- reason with -- dashes until 2027-01-31',
      '// s3lint-ignore S3L002 -- until is only a date at the end: until tomorrow',
      'resource "aws_s3_bucket" "a" {',
      '',
      '  #s3lint-ignore S3L003',
      '',
      '  bucket = "x" # s3lint-ignore S3L004 -- trailing comments are not directives',
      '}',
      '# s3lint-ignore',
    ].join('\n');
    expect(commentDirectives('m.tf', text, false)).toEqual([
      { file: 'm.tf', line: 2, origin: 's3lint', ids: ['S3L001', 'versioning'], reason: 'reason with -- dashes', until: '2027-01-31', anchorLine: 4 },
      { file: 'm.tf', line: 3, origin: 's3lint', ids: ['S3L002'], reason: 'until is only a date at the end: until tomorrow', anchorLine: 4 },
      { file: 'm.tf', line: 6, origin: 's3lint', ids: ['S3L003'], problem: 'has no reason and is ignored (write "# s3lint-ignore S3L003 -- why")' },
      { file: 'm.tf', line: 10, origin: 's3lint', ids: [], problem: 'names no rule (write "# s3lint-ignore S3L001 -- why")' },
    ]);
  });

  it('read Checkov and Trivy comments only when asked; an indented checkov:skip applies to its block', () => {
    const text = ['resource "aws_s3_bucket" "a" {', '  # checkov:skip=CKV_AWS_18:no logs here', '  bucket = "x"', '}', '# trivy:ignore:AVD-AWS-0089', 'resource "aws_s3_bucket" "b" {}'].join('\n');
    expect(commentDirectives('m.tf', text, false)).toEqual([]);
    expect(commentDirectives('m.tf', text, true)).toEqual([
      { file: 'm.tf', line: 2, origin: 'checkov', ids: ['CKV_AWS_18'], reason: 'no logs here', anchorLine: 1 },
      { file: 'm.tf', line: 5, origin: 'trivy', ids: ['AVD-AWS-0089'], reason: 'trivy:ignore:AVD-AWS-0089', anchorLine: 6 },
    ]);
  });
});

describe('anchor lines', () => {
  const hcl = ['resource "x" "y" {', '  rule {', '    filter {', '      prefix = "a"', '    }', '  }', '}'];
  it('climb enclosing blocks by indentation', () => {
    expect(anchorLines(hcl, 4, false)).toEqual([4, 3, 2, 1]);
    expect(anchorLines(hcl, 1, false)).toEqual([1]);
  });
  it('stop below top-level YAML sections', () => {
    const yaml = ['Resources:', '  B:', '    Type: AWS::S3::Bucket', '    Properties:', '      BucketName: x'];
    expect(anchorLines(yaml, 5, true)).toEqual([5, 4, 2]);
  });
});

describe('CloudFormation Metadata', () => {
  it('reads s3lint.ignore entries with the resource range, in YAML and JSON', () => {
    const yaml = ['Resources:', '  A:', '    Type: AWS::S3::Bucket', '    Metadata:', '      s3lint:', '        ignore:', '          - { id: "S3L001,S3L002", reason: r, until: "2027-01-01" }', '          - id: S3L003', '  B:', '    Type: AWS::S3::Bucket', ''].join('\n');
    expect(metadataDirectives('t.yaml', yaml)).toEqual([
      { file: 't.yaml', line: 7, ids: ['S3L001', 'S3L002'], origin: 'cfn-metadata', range: { logicalId: 'A', startLine: 2, endLine: 8 }, reason: 'r', until: '2027-01-01' },
      { file: 't.yaml', line: 8, ids: ['S3L003'], origin: 'cfn-metadata', range: { logicalId: 'A', startLine: 2, endLine: 8 }, problem: 'has no reason and is ignored (an entry needs "reason")' },
    ]);
    const json = JSON.stringify({ Resources: { M: { Type: 'AWS::S3::Bucket', Metadata: { s3lint: { ignore: { id: 'S3L001' } } } } } }, null, 2);
    expect(metadataDirectives('t.json', json)).toEqual([
      { file: 't.json', line: 7, ids: [], origin: 'cfn-metadata', range: { logicalId: 'M', startLine: 3, endLine: 12 }, problem: 'Metadata.s3lint.ignore must be a list of {id, reason, until}' },
    ]);
  });
});
