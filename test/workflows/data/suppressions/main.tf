# Suppression fixture: valid, expired, unused, wrong id, missing reason, block, attribute and module forms.

# s3lint-ignore S3L001 -- logs are written once and never uploaded in parts until 2099-12-31
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

# s3lint-ignore S3L001 -- migration bucket, deleted after the move until 2020-01-01
resource "aws_s3_bucket" "tmp" {
  bucket = "acme-tmp"
}

# s3lint-ignore S3L999 -- typo in the rule id
resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

// s3lint-ignore S3L005 -- nothing here uses SSE-KMS
resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"
}

# s3lint-ignore S3L015
resource "aws_s3_bucket" "noreason" {
  bucket = "acme-noreason"
}

resource "aws_s3_bucket_versioning" "archive" {
  bucket = aws_s3_bucket.archive.id
  # s3lint-ignore versioning -- archive objects are immutable; versioning adds nothing
  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    # s3lint-ignore S3L015 -- data is re-derived from the lake nightly
    status = "Suspended"
  }
}

# s3lint-ignore S3L001,S3L015 -- sandbox instance, emptied nightly
module "sandbox" {
  source = "./modules/bucket"
  name   = "acme-sandbox"
}

module "prod" {
  source = "./modules/bucket"
  name   = "acme-prod"
}
