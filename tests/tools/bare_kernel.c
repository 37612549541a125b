/* bare_kernel.c — the measuring stick for `aiecon bench --kind bass` (docs/PERFORMANCE.md).
 *
 * What it measures: (1) a STREAM-like triad c = a + 3b over three 400 MB arrays, the machine's
 * memory bandwidth in GB/s; (2) a bare, hand-written Bass adoption step on 20 Mi agents of a
 * Watts–Strogatz-like graph (ring lattice, k = 8, 10 % of links rewired), one byte of state per
 * agent and a cheap hash for randomness, in agent-updates/s/core. Best of 5 repetitions each.
 * Why: it is the fastest the household loop could plausibly be on this machine, with none of what
 * aiecon adds (Philox streams, integer weights, ghosts, halo, partition); the `bench` target runs
 * it just before aiecon's benches, so "ws kernel" and aiecon's "households" line compare on the
 * same machine at the same moment. Not part of aiecon: built on its own with -O3 -march=native by
 * the `bench` target. Cost: about 1.5 GB of memory and a few seconds. The kernel's rate is printed
 * twice: per second of wall time and per second of the thread's CPU time (the second is what to
 * compare on a machine shared with other work, with `aiecon bench`'s CPU-time line). */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+1e-9*t.tv_nsec;}
/* CPU time of this thread: on a shared machine it leaves out the waits for a core (the `CPU` line). */
static double cpu(){struct timespec t;clock_gettime(CLOCK_THREAD_CPUTIME_ID,&t);return t.tv_sec+1e-9*t.tv_nsec;}
int main(int argc,char**argv){
  size_t n = 50u<<20; /* 50M doubles = 400MB per array */
  double *a=malloc(n*8),*b=malloc(n*8),*c=malloc(n*8);
  for(size_t i=0;i<n;i++){a[i]=1;b[i]=2;c[i]=0;}
  double best=1e9;
  for(int r=0;r<5;r++){double t=now(); for(size_t i=0;i<n;i++) c[i]=a[i]+3.0*b[i]; t=now()-t; if(t<best)best=t;}
  printf("triad: %.2f GB/s (%.1f)\n", 3.0*n*8/best/1e9, c[n/2]);
  /* WS-like kernel: N agents, k=8 neighbours, ring lattice with 10%% rewiring */
  size_t N=20u<<20; int k=8;
  uint32_t *nb=malloc(N*k*4); uint8_t *s0=calloc(N,1),*s1=calloc(N,1);
  uint64_t x=88172645463325252ull;
  for(size_t i=0;i<N;i++){ for(int j=0;j<k;j++){ long d=(j/2+1)*(j%2?1:-1); size_t t=(i+N+d)%N; x^=x<<13;x^=x>>7;x^=x<<17; if(x%10==0) t=x%N; nb[i*k+j]=t;} s0[i]=(x%100)==0; }
  best=1e9; double best_cpu=1e9;
  for(int r=0;r<5;r++){ double t=now(), c0=cpu();
    for(size_t i=0;i<N;i++){ int c=0; for(int j=0;j<k;j++) c+=s0[nb[i*k+j]];
      uint64_t h=(i*0x9E3779B97F4A7C15ull)^(r*0xBF58476D1CE4E5B9ull); h^=h>>31; h*=0x94D049BB133111EBull; h^=h>>29;
      double u=(h>>11)*(1.0/9007199254740992.0); double p=0.003+0.38*c/(double)k;
      s1[i]= s0[i] | (u<p); }
    t=now()-t; if(t<best)best=t; c0=cpu()-c0; if(c0<best_cpu)best_cpu=c0; uint8_t*tmp=s0;s0=s1;s1=tmp; }
  size_t ad=0; for(size_t i=0;i<N;i++) ad+=s0[i];
  printf("ws kernel: %.3g agent-updates/s/core (adopted %zu)\n", N/best, ad);
  printf("ws kernel: %.3g agent-updates per second of CPU time\n", N/best_cpu);
  return 0;}
