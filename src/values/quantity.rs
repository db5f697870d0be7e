//! Kubernetes quantities (`500m`, `1.5`, `2Gi`, `1e3`, `100M`), parsed as Kubernetes does.
//! (Being written: see issue 3.)
