#!/bin/sh
# Reproduces tlc-verdicts.json's TLC runs (not run by the tests): TLC 2.20, one worker.
#   TLC_JAR=/path/to/tla2tools.jar sh run-tlc.sh
# writes NAME.out beside each NAME.cfg.
cd "$(dirname "$0")"
for cfg in TL-*.cfg RA-*.cfg Con.cfg; do
  case $cfg in TL-*) tla=TrafficLight.tla ;; RA-*) tla=RaftAbstract.tla ;; *) tla=Con.tla ;; esac
  java -XX:+UseParallelGC -cp "$TLC_JAR" tlc2.TLC -workers 1 -config "$cfg" "$tla" > "${cfg%.cfg}.out" 2>&1
done
