package dev.tributary.build;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.inject.Named;
import org.apache.maven.enforcer.rule.api.AbstractEnforcerRule;
import org.apache.maven.enforcer.rule.api.EnforcerRuleException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Dependency;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.ArtifactType;
import org.eclipse.aether.artifact.ArtifactTypeRegistry;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.collection.CollectResult;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.util.artifact.JavaScopes;

/**
 * Fails a module that declares a dependency with {@code <scope>test</scope>} which one of its
 * compile or runtime dependencies also brings at compile or runtime scope.
 *
 * <p>Maven's nearest-wins mediation lets the module's own (test) declaration win, so the artifact
 * silently leaves the main class path: tests still pass, since they see it, but a jar packaged from
 * the main class path (the shaded command line) lacks it and fails at run time with {@code
 * NoClassDefFoundError}. The rule resolves the graph of the module's non-test dependencies alone,
 * as if the test declarations were not there, and reports each artifact they would have brought to
 * the main class path.
 */
@Named("noTestScopeShadowing")
public final class NoTestScopeShadowing extends AbstractEnforcerRule {

  private final MavenProject project;
  private final MavenSession session;
  private final RepositorySystem repositorySystem;

  @Inject
  public NoTestScopeShadowing(
      MavenProject project, MavenSession session, RepositorySystem repositorySystem) {
    this.project = Objects.requireNonNull(project, "project");
    this.session = Objects.requireNonNull(session, "session");
    this.repositorySystem = Objects.requireNonNull(repositorySystem, "repositorySystem");
  }

  @Override
  public void execute() throws EnforcerRuleException {
    Map<String, Dependency> testDeclared = new TreeMap<>();
    List<Dependency> mainDeclared = new ArrayList<>();
    for (Dependency d : project.getDependencies()) {
      if (JavaScopes.TEST.equals(d.getScope())) {
        testDeclared.put(key(d.getGroupId(), d.getArtifactId()), d);
      } else if (!JavaScopes.PROVIDED.equals(d.getScope())
          && !JavaScopes.SYSTEM.equals(d.getScope())) {
        mainDeclared.add(d);
      }
    }
    if (testDeclared.isEmpty() || mainDeclared.isEmpty()) {
      return;
    }
    DependencyNode root = collect(mainDeclared);
    List<String> problems = new ArrayList<>();
    findShadowed(root, new ArrayDeque<>(), testDeclared, problems);
    if (!problems.isEmpty()) {
      throw new EnforcerRuleException(
          project.getGroupId()
              + ":"
              + project.getArtifactId()
              + " declares with <scope>test</scope> what its main code needs, which takes it off"
              + " the main class path (and out of any jar packaged from it):\n  "
              + String.join("\n  ", problems)
              + "\nRemove the test-scoped declaration; the dependency above already brings it.");
    }
  }

  private DependencyNode collect(List<Dependency> mainDeclared) throws EnforcerRuleException {
    ArtifactTypeRegistry types = session.getRepositorySession().getArtifactTypeRegistry();
    CollectRequest request = new CollectRequest();
    request.setRootArtifact(
        new DefaultArtifact(
            project.getGroupId(), project.getArtifactId(), "pom", project.getVersion()));
    request.setRepositories(project.getRemoteProjectRepositories());
    for (Dependency d : mainDeclared) {
      request.addDependency(toAether(d, types));
    }
    if (project.getDependencyManagement() != null) {
      for (Dependency d : project.getDependencyManagement().getDependencies()) {
        request.addManagedDependency(toAether(d, types));
      }
    }
    try {
      CollectResult result =
          repositorySystem.collectDependencies(session.getRepositorySession(), request);
      return result.getRoot();
    } catch (DependencyCollectionException e) {
      throw new EnforcerRuleException(
          "cannot resolve the main dependencies of "
              + project.getArtifactId()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static void findShadowed(
      DependencyNode node,
      Deque<String> path,
      Map<String, Dependency> testDeclared,
      List<String> problems) {
    for (DependencyNode child : node.getChildren()) {
      org.eclipse.aether.graph.Dependency dependency = child.getDependency();
      if (dependency == null) {
        continue;
      }
      String scope = dependency.getScope();
      if (!JavaScopes.COMPILE.equals(scope) && !JavaScopes.RUNTIME.equals(scope)) {
        continue;
      }
      String key =
          key(dependency.getArtifact().getGroupId(), dependency.getArtifact().getArtifactId());
      path.addLast(key + " (" + scope + ")");
      if (testDeclared.containsKey(key) && path.size() > 1) {
        problems.add(
            key
                + " is declared with <scope>test</scope>, but "
                + String.join(" -> ", path)
                + " needs it");
      }
      findShadowed(child, path, testDeclared, problems);
      path.removeLast();
    }
  }

  private static org.eclipse.aether.graph.Dependency toAether(
      Dependency d, ArtifactTypeRegistry types) {
    ArtifactType type = types.get(d.getType());
    Artifact artifact =
        new DefaultArtifact(
            d.getGroupId(),
            d.getArtifactId(),
            d.getClassifier(),
            type != null ? type.getExtension() : d.getType(),
            d.getVersion(),
            type);
    List<Exclusion> exclusions =
        d.getExclusions().stream()
            .map(e -> new Exclusion(e.getGroupId(), e.getArtifactId(), "*", "*"))
            .collect(Collectors.toList());
    return new org.eclipse.aether.graph.Dependency(
        artifact, d.getScope(), d.isOptional(), exclusions);
  }

  private static String key(String groupId, String artifactId) {
    return groupId + ":" + artifactId;
  }

  @Override
  public String toString() {
    return "NoTestScopeShadowing";
  }
}
