# Daily backups at the other provider (Amazon Europe-West, Ireland).

provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "backups" {
  bucket = "letsbuild-backups"
}

resource "aws_s3_bucket_versioning" "backups" {
  bucket = aws_s3_bucket.backups.id
  versioning_configuration {
    status = "Enabled"
  }
}
