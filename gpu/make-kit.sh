#!/usr/bin/env bash
# Prepares, on this machine, what the GPU device machine needs (it has no Java, no Maven, no network):
# a slim JRE, the toolkit and bench jars with their runtime dependencies but without the CPU libtorch, and the
# CIFAR-10 JPEG copy. Everything goes into .device/ (ignored by git), sent along with `carry: [".device"]`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
./mvnw -q -B -pl bench -am install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dmaven.install.skip=true
mkdir -p .device build
if [ ! -f .device/jre.tgz ]; then
  rm -rf build/jre
  jlink --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.sql,jdk.unsupported,jdk.crypto.ec \
        --strip-debug --no-man-pages --no-header-files --compress=2 --output build/jre
  tar czf .device/jre.tgz -C build jre
fi
rm -rf .device/lib
./mvnw -q -B -pl bench dependency:copy-dependencies -DincludeScope=runtime \
  -DexcludeArtifactIds=pytorch-native-cpu,xchart,VectorGraphics2D,graphics2d,pdfbox,pdfbox-io,fontbox,animated-gif-lib \
  -DoutputDirectory="$ROOT/.device/lib"
cp bench/target/sota4j-bench-*.jar .device/lib/
cifar="$ROOT/../shared/datasets/cifar10-jpeg.tar.gz"
[ -r "$cifar" ] && cp "$cifar" .device/ || echo "no CIFAR-10 copy at $cifar: the tta step will look for build/data/cifar10"
grep -qx '/.device/' .git/info/exclude 2>/dev/null || echo '/.device/' >> .git/info/exclude
du -sh .device .device/* | sed 's/^/kit: /'
