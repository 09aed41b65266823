namespace Hongbao.Hosting;

public static class KubernetesHosting
{
    /// <summary>
    /// Inside a Kubernetes pod (the kubelet sets KUBERNETES_SERVICE_HOST), Orleans' Kubernetes integration takes the
    /// silo's name, advertised address, cluster and service ids from the pod (deploy/k8s/silo.yaml passes them in
    /// with the downward API), listens on every address, and removes the membership rows of pods that are gone.
    /// It is configured after <see cref="HongbaoSiloExtensions.UseHongbaoClustering"/>, so the pod's values win.
    /// </summary>
    public static ISiloBuilder UseKubernetesHostingWhenInKubernetes(this ISiloBuilder silo) =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"))
            ? silo
            : silo.UseKubernetesHosting();
}
