//! Image references and registry kinds (Docker Hub, GCR / Artifact Registry, ECR, generic),
//! decided in one place. (Being written: see issue 3.)
